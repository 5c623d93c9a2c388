using System.ComponentModel.DataAnnotations;
using LiveViews.Forms;

namespace LiveViews.Tests.Live;

public sealed class Account : IValidatableObject
{
    [Required, StringLength(20, MinimumLength = 2)] public string? Name { get; set; }
    [Required, EmailAddress] public string? Email { get; set; }
    [Range(13, 120)] public int? Age { get; set; }
    public bool Terms { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!Terms) yield return new ValidationResult("Accept the terms.", [nameof(Terms)]);
    }
}

/// <summary>A form view for integration tests: live validation, a submit whose work counts its runs, a file input without lv-upload on demand.</summary>
public sealed class FormProbeView : LiveView
{
    public LiveForm<Account> Form { get; } = new();
    public int Saved { get; private set; }
    public string? SavedName { get; private set; }
    public bool UnboundFileInput { get; private set; }

    public override Task MountAsync(MountContext context)
    {
        UnboundFileInput = context.Params.ContainsKey("file");
        return Task.CompletedTask;
    }

    [LiveEvent] public void Validate(FormInput input) => Form.Validate(input);

    [LiveEvent] public void Save(FormInput input) => Form.Submit(input, model => { Saved++; SavedName = model.Name; });
}
