using Microsoft.Extensions.Options;

namespace Latchkey.AspNetCore.Options;

/// <summary>Validates one Latchkey scheme's options at start-up (<c>ValidateOnStart</c>).</summary>
internal sealed class LatchkeyOptionsValidator(string scheme) : IValidateOptions<LatchkeyAuthenticationOptions>
{
    public ValidateOptionsResult Validate(string? name, LatchkeyAuthenticationOptions options)
    {
        if (!string.Equals(name, scheme, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        InstanceSettingsBuilder.TryBuild(options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => $"[{scheme}] {e}"));
    }
}
