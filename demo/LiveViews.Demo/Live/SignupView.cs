using System.ComponentModel.DataAnnotations;
using LiveViews.Forms;

namespace LiveViews.Demo.Live;

/// <summary>What the sign-up form asks for; DataAnnotations are its only rules.</summary>
public sealed class SignupModel
{
    [Required, StringLength(40, MinimumLength = 2, ErrorMessage = "The name needs 2 to 40 characters.")]
    public string? Name { get; set; }

    [Required, EmailAddress(ErrorMessage = "That does not look like an e-mail address.")]
    public string? Email { get; set; }

    [Required, Range(13, 120, ErrorMessage = "The age must be between 13 and 120.")]
    public int? Age { get; set; }
}

/// <summary>A sign-up form validated as you type: errors show for the fields you touched, every one after a submit.</summary>
public sealed class SignupView : DemoView
{
    /// <summary>The form's values, touched fields and errors.</summary>
    public LiveForm<SignupModel> Signup { get; } = new();

    /// <summary>The name of the last person signed up, shown after a valid submit.</summary>
    public string? SignedUp { get; private set; }

    public override string PageTitle => "Sign up";

    /// <summary>Live validation: the form sends itself as you type (debounced) and when a field loses focus.</summary>
    [LiveEvent, Debounce(150)]
    public void Validate(FormInput input) => Signup.Validate(input);

    /// <summary>Only a valid form signs up; an invalid one shows every error and keeps what was typed.</summary>
    [LiveEvent]
    public void Save(FormInput input) => Signup.Submit(input, model =>
    {
        SignedUp = model.Name;
        Signup.Reset();
    });
}
