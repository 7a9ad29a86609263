namespace Latchkey.AspNetCore;

/// <summary>Default names used by the Latchkey authentication scheme.</summary>
public static class LatchkeyDefaults
{
    /// <summary>The default authentication scheme name: <c>Latchkey</c>.</summary>
    public const string AuthenticationScheme = "Latchkey";

    /// <summary>The configuration section the options are bound from: <c>Latchkey</c>.</summary>
    public const string ConfigurationSection = "Latchkey";

    /// <summary>The named <see cref="System.Net.Http.HttpClient"/> used for Backend and Frontend API calls.</summary>
    public const string HttpClientName = "Latchkey";

    /// <summary>The authentication type of the identities Latchkey creates.</summary>
    public const string AuthenticationType = "Latchkey";
}
