using System.Text.Json;
using System.Text.Json.Serialization;
using Latchkey.AspNetCore;

namespace Latchkey.Demo;

/// <summary>
/// What the demo apps take from the Latchkey server's instance key file
/// (<c>&lt;DataFolder&gt;/latchkey.keys.json</c>, docs/server.md): the keys and the Frontend API
/// URL. The apps read it at start-up, so they need no configuration of their own.
/// </summary>
internal sealed record DemoInstance(
    [property: JsonPropertyName("publishable_key")] string PublishableKey,
    [property: JsonPropertyName("secret_key")] string SecretKey,
    [property: JsonPropertyName("frontend_api_url")] string FrontendApiUrl)
{
    /// <summary>The configuration key naming the key file; default <see cref="DefaultKeyFile"/>.</summary>
    public const string KeyFileSetting = "Demo:KeyFile";

    /// <summary>Where <c>./run-demo.sh</c> keeps the server's data: <c>.data/demo</c> at the repository root.</summary>
    public const string DefaultKeyFile = "../../.data/demo/latchkey.keys.json";

    /// <summary>
    /// Reads the key file named by <see cref="KeyFileSetting"/> (relative paths from the content
    /// root). Throws with a message that says what to do when it is missing or unreadable.
    /// </summary>
    public static DemoInstance Load(IConfiguration configuration, IHostEnvironment environment)
    {
        var path = Path.GetFullPath(configuration[KeyFileSetting] ?? DefaultKeyFile, environment.ContentRootPath);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The Latchkey server's key file {path} does not exist: start the server first (./run-demo.sh does), or set {KeyFileSetting} to its <DataFolder>/latchkey.keys.json.");
        }

        DemoInstance? instance;
        try
        {
            instance = JsonSerializer.Deserialize<DemoInstance>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"The key file {path} is not valid JSON: {e.Message}", e);
        }

        if (instance is null || string.IsNullOrEmpty(instance.PublishableKey) || string.IsNullOrEmpty(instance.SecretKey) || string.IsNullOrEmpty(instance.FrontendApiUrl))
        {
            throw new InvalidOperationException($"The key file {path} lacks publishable_key, secret_key or frontend_api_url.");
        }

        return instance;
    }

    /// <summary>Points Latchkey.AspNetCore at this instance (settings from configuration still apply first).</summary>
    public void Configure(LatchkeyAuthenticationOptions options)
    {
        options.PublishableKey = PublishableKey;
        options.SecretKey = SecretKey;
        options.FrontendApiUrl = FrontendApiUrl;
        // The demo shows reason codes: keep the x-clerk-auth-* headers on whatever the environment.
        options.DebugHeaders = true;
    }
}
