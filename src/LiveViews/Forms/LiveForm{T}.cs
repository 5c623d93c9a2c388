namespace LiveViews.Forms;

/// <summary>
/// A form bound to a model <typeparamref name="T"/> and validated with System.ComponentModel.DataAnnotations
/// (<c>[Required]</c>, <c>[StringLength]</c>, <c>[EmailAddress]</c>, <c>[Range]</c>, <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>).
/// The view owns it; its handlers hand it the <see cref="FormInput"/> of each event:
/// <code>
/// public LiveForm&lt;Signup&gt; Signup { get; } = new();
/// [LiveEvent] public void Validate(FormInput input) => Signup.Validate(input);
/// [LiveEvent] public void Save(FormInput input) => Signup.Submit(input, model => store.Add(model));
/// </code>
/// The valid model is only ever handed to the submit's work, so an invalid submit cannot run it.
/// </summary>
/// <typeparam name="T">A flat class or record; property names are the field names (see the binding rules on <see cref="Submit"/>).</typeparam>
public sealed class LiveForm<T> : LiveForm where T : class
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _initial;

    /// <summary>An empty form.</summary>
    public LiveForm() => _initial = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>A form whose fields start with <paramref name="initial"/>'s values (e.g. an edit form).</summary>
    public LiveForm(T initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _initial = FormModelBinder.ValuesOf(initial);
        Rendered = new(_initial, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Takes the user's input and touched fields, binds and validates them (live validation, typically the form's
    /// <c>lv-change</c> handler). The fields keep showing what the user types; errors show for touched fields.
    /// Throws <see cref="InvalidOperationException"/> when <typeparamref name="T"/> cannot be built (no public constructor).
    /// </summary>
    public void Validate(FormInput input) => Bind(input);

    /// <summary>
    /// Submits the input (typically the form's <c>lv-submit</c> handler): marks the form submitted (every error shows),
    /// binds and validates, and only when the model is valid runs <paramref name="onValid"/> with it. A valid submit makes
    /// the submitted values the form's rendered values (call <see cref="Reset()"/> inside <paramref name="onValid"/> to
    /// clear the form instead); an error added with <see cref="LiveForm.AddError"/> inside it makes the submit invalid.
    /// Returns whether the model was valid and <paramref name="onValid"/> completed without adding errors.
    /// Exceptions thrown by <paramref name="onValid"/> propagate (a <see cref="LiveViewException"/> reaches the user).
    /// </summary>
    /// <remarks>
    /// Binding: values convert as handler parameters do; a value that does not convert is an error of its field
    /// (<c>The value 'abc' is not valid for Age.</c>); an empty text field is null; a missing checkbox is false.
    /// </remarks>
    public bool Submit(FormInput input, Action<T> onValid)
    {
        ArgumentNullException.ThrowIfNull(onValid);
        return SubmitAsync(input, model => { onValid(model); return Task.CompletedTask; }).GetAwaiter().GetResult();
    }

    /// <summary>As <see cref="Submit"/>, with asynchronous work (e.g. a database insert).</summary>
    public async Task<bool> SubmitAsync(FormInput input, Func<T, Task> onValid)
    {
        ArgumentNullException.ThrowIfNull(onValid);
        Submitted = true;
        var model = Bind(input);
        if (!IsValid) return false;
        var previous = Rendered;
        Rendered = new(input.Values, StringComparer.OrdinalIgnoreCase);
        await onValid(model);
        if (IsValid) return true;
        if (Submitted) Rendered = previous; // an error added by the work: nothing was saved (unless it reset the form)
        return false;
    }

    /// <summary>Clears the form: the initial values, no input, nothing touched, not submitted, no errors.</summary>
    public void Reset() => ResetTo(_initial);

    /// <summary>Clears the form and renders <paramref name="values"/> into its fields.</summary>
    public void Reset(T values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ResetTo(FormModelBinder.ValuesOf(values));
    }

    private void ResetTo(IReadOnlyDictionary<string, IReadOnlyList<string>> values)
    {
        Rendered = new(values, StringComparer.OrdinalIgnoreCase);
        ErrorsByField.Clear();
        TouchedFields.Clear();
        LastInput = FormInput.Empty;
        Submitted = false;
    }

    private T Bind(FormInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        LastInput = input;
        TouchedFields = new HashSet<string>(input.Touched, StringComparer.OrdinalIgnoreCase);
        ErrorsByField = new(StringComparer.OrdinalIgnoreCase);
        var model = (T)FormModelBinder.Bind(typeof(T), input.Values, ErrorsByField);
        FormValidator.Validate(model, null, ErrorsByField);
        return model;
    }
}
