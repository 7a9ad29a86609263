using System.Text.Json;
using System.Text.Json.Serialization;

namespace Latchkey.Server.Keys;

/// <summary>
/// The instance key file (<c>&lt;DataFolder&gt;/latchkey.keys.json</c>, mode 0600, git-ignored):
/// what other local processes (the demo samples, scripts) read to talk to this instance.
/// </summary>
internal sealed record InstanceKeyFile(
    [property: JsonPropertyName("publishable_key")] string PublishableKey,
    [property: JsonPropertyName("secret_key")] string SecretKey,
    [property: JsonPropertyName("frontend_api_url")] string FrontendApiUrl,
    [property: JsonPropertyName("jwks_url")] string JwksUrl,
    [property: JsonPropertyName("instance_type")] string InstanceType)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static InstanceKeyFile? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        Crypto.PrivateFile.RequireOwnerOnly(path);
        try
        {
            return JsonSerializer.Deserialize<InstanceKeyFile>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
