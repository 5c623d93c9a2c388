using System.ComponentModel.DataAnnotations;

namespace LiveViews.Forms;

/// <summary>
/// Validates a form model with System.ComponentModel.DataAnnotations: <see cref="Validator.TryValidateObject(object, ValidationContext, ICollection{ValidationResult}?, bool)"/>
/// with <c>validateAllProperties</c>, so every property attribute (<c>[Required]</c>, <c>[StringLength]</c>,
/// <c>[EmailAddress]</c>, <c>[Range]</c>, custom <see cref="ValidationAttribute"/>s), then class-level attributes, then
/// <see cref="IValidatableObject.Validate"/> run (the latter two only when the properties are valid: the .NET rule).
/// </summary>
internal static class FormValidator
{
    /// <summary>
    /// Adds the model's validation errors to <paramref name="errors"/> by member name (<c>""</c> for errors that name no
    /// member). Members that already have an error (a value that did not convert) keep only that one.
    /// </summary>
    public static void Validate(object model, IServiceProvider? services, Dictionary<string, List<string>> errors)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(model, new ValidationContext(model, services, items: null), results, validateAllProperties: true);
        var conversionFailures = errors.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var result in results)
        {
            var message = result.ErrorMessage ?? "The value is not valid.";
            var members = result.MemberNames.Where(m => !string.IsNullOrEmpty(m)).ToArray();
            if (members.Length == 0) FormModelBinder.Add(errors, "", message);
            foreach (var member in members)
                if (!conversionFailures.Contains(member)) FormModelBinder.Add(errors, member, message);
        }
    }
}
