namespace LiveViews.Forms;

/// <summary>
/// The state of one form a view renders: the values the server rendered into its fields, the user's latest input, which
/// fields the user touched, whether it was submitted, and the validation errors. The template binds it with the tag
/// helpers (<c>&lt;form lv-form="Model.Signup"&gt;</c>, <c>&lt;input lv-field="Email"&gt;</c>,
/// <c>&lt;span lv-validation-for="Email"&gt;&lt;/span&gt;</c>); see <see cref="LiveForm{T}"/> for binding and validating.
/// </summary>
/// <remarks>
/// The user's typed text belongs to the browser: fields render the server's values (initial, saved on a valid submit,
/// reset, or set with <see cref="SetValue"/>), never each keystroke back, so a re-render cannot overwrite what is being
/// typed. Errors are shown only for fields the user touched, or for every field once the form was submitted.
/// Not thread-safe: a view's events run one at a time.
/// </remarks>
public abstract class LiveForm
{
    private protected Dictionary<string, IReadOnlyList<string>> Rendered = new(StringComparer.OrdinalIgnoreCase);
    private protected Dictionary<string, List<string>> ErrorsByField = new(StringComparer.OrdinalIgnoreCase);
    private protected HashSet<string> TouchedFields = new(StringComparer.OrdinalIgnoreCase);
    private protected FormInput LastInput = FormInput.Empty;

    /// <summary>Prefix of the ids the tag helpers generate (<c>{prefix}{field}</c> for inputs, <c>{prefix}error-{field}</c> for messages), to keep two forms with the same field names apart on one page. Default empty.</summary>
    public string IdPrefix { get; init; } = "";

    /// <summary>True after a submit (every field's errors show) until <c>Reset</c>.</summary>
    public bool Submitted { get; private protected set; }

    /// <summary>True when the last validation found no error (shown or not).</summary>
    public bool IsValid => ErrorsByField.Count == 0;

    /// <summary>Every current error by field name (<c>""</c> for errors of the whole form), shown or not.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors =>
        ErrorsByField.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>The user's latest input (what the last event carried).</summary>
    public FormInput Input => LastInput;

    /// <summary>True when the user has touched <paramref name="field"/> (focused and left, or changed it).</summary>
    public bool IsTouched(string field) => TouchedFields.Contains(field);

    /// <summary>True when errors of <paramref name="field"/> are shown: it was touched, or the form was submitted.</summary>
    public bool ShowsErrorsFor(string field) => Submitted || TouchedFields.Contains(field);

    /// <summary>The errors of <paramref name="field"/> to show now (empty for untouched fields before a submit).</summary>
    public IReadOnlyList<string> VisibleErrors(string field) =>
        ShowsErrorsFor(field) && ErrorsByField.TryGetValue(field, out var list) ? list : [];

    /// <summary>The value the server renders into <paramref name="field"/> (null when it has none).</summary>
    public string? Value(string field) => Rendered.TryGetValue(field, out var v) && v.Count > 0 ? v[0] : null;

    /// <summary>Every value the server renders for <paramref name="field"/> (checkbox groups, multiple selects).</summary>
    public IReadOnlyList<string> Values(string field) => Rendered.TryGetValue(field, out var v) ? v : [];

    /// <summary>Sets the value the server renders into <paramref name="field"/> (null clears it); the browser shows it unless the field has focus.</summary>
    public void SetValue(string field, string? value)
    {
        if (value is null) Rendered.Remove(field);
        else Rendered[field] = [value];
    }

    /// <summary>
    /// Adds an error found outside the model's attributes (e.g. "this e-mail is already registered" inside a submit's
    /// work): the form becomes invalid, the field is shown as touched, and a submit that adds one is not saved.
    /// </summary>
    public void AddError(string field, string message)
    {
        FormModelBinder.Add(ErrorsByField, field, message);
        if (field.Length > 0) TouchedFields.Add(field);
    }

    /// <summary>The id the tag helpers give the input of <paramref name="field"/>.</summary>
    public string FieldId(string field) => IdPrefix + field;

    /// <summary>The id of the validation message of <paramref name="field"/> (the input's <c>aria-describedby</c>).</summary>
    public string MessageId(string field) => IdPrefix + "error-" + field;
}
