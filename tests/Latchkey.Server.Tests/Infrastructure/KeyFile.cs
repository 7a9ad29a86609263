using System.Text.Json;

namespace Latchkey.Server.Tests.Infrastructure;

/// <summary>Reads the instance key file the way other local processes (the demo samples) do.</summary>
public static class KeyFile
{
    public static JsonElement Read(LatchkeyTestServer server) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(server.Database.DataFolder, "latchkey.keys.json"))).RootElement.Clone();

    public static string SecretKey(LatchkeyTestServer server) => Read(server).GetProperty("secret_key").GetString()!;

    public static string PublishableKey(LatchkeyTestServer server) => Read(server).GetProperty("publishable_key").GetString()!;
}
