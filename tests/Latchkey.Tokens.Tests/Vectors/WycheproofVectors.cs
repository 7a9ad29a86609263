using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Latchkey.Tokens.Internal;
using Latchkey.Tokens.Tests.Support;

namespace Latchkey.Tokens.Tests.Vectors;

/// <summary>
/// Loads Wycheproof vector files from ../shared/test-vectors/wycheproof (beside the checkout) and
/// holds Latchkey's policy as the vectors' README defines it. A missing folder fails the tests.
/// </summary>
internal static class WycheproofVectors
{
    public static readonly string[] AllowList = ["RS256", "RS384", "RS512", "ES256", "EdDSA"];

    public static string Folder => Path.Combine(RepositoryPaths.Shared, "test-vectors", "wycheproof");

    public static JsonObject Load(string file)
    {
        string path = Path.Combine(Folder, file);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Wycheproof vectors are missing: {path} does not exist. The vector suite did NOT run. "
                + "Place the shared folder beside the checkout (../shared/test-vectors/wycheproof).", path);
        }

        return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }

    public static IEnumerable<(JsonObject Group, JsonObject Test)> Cases(JsonObject file)
    {
        foreach (JsonNode? group in file["testGroups"]!.AsArray())
        {
            foreach (JsonNode? test in group!["tests"]!.AsArray())
            {
                yield return (group.AsObject(), test!.AsObject());
            }
        }
    }

    public static int Declared(JsonObject file) => file["numberOfTests"]!.GetValue<int>();

    public static byte[] Hex(JsonObject test, string name) => Convert.FromHexString(test[name]!.GetValue<string>());

    /// <summary>Latchkey's policy for a key, decided from the JWK text alone (independent of the code under test, except ROCA).</summary>
    public static bool KeyInPolicy(JsonObject jwk, string alg)
    {
        if (!AllowList.Contains(alg))
        {
            return false;
        }

        string? use = (string?)jwk["use"];
        string? keyAlg = (string?)jwk["alg"];
        if (use is not null && use != "sig")
        {
            return false;
        }

        if (jwk["key_ops"] is JsonArray ops && !ops.Any(o => (string?)o == "verify"))
        {
            return false;
        }

        if (keyAlg is not null && keyAlg != alg && !(keyAlg == "Ed25519" && alg == "EdDSA"))
        {
            return false;
        }

        switch ((string?)jwk["kty"])
        {
            case "RSA":
                if (!alg.StartsWith("RS", StringComparison.Ordinal) || (string?)jwk["e"] != "AQAB")
                {
                    return false;
                }

                byte[] n = Base64Url.DecodeFromChars((string)jwk["n"]!);
                int bits = KeyRules.BitLength(n);
                return bits is >= 2048 and <= 8192 && n[0] != 0;
            case "EC":
                return alg == "ES256" && (string?)jwk["crv"] == "P-256";
            case "OKP":
                return alg == "EdDSA" && (string?)jwk["crv"] == "Ed25519";
            default:
                return false;
        }
    }

    public static string HeaderAlg(string jws)
    {
        try
        {
            string header = jws.Split('.')[0];
            using JsonDocument doc = JsonDocument.Parse(Base64Url.DecodeFromChars(header.TrimEnd('=')));
            return doc.RootElement.TryGetProperty("alg", out JsonElement alg) && alg.ValueKind == JsonValueKind.String ? alg.GetString()! : "";
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return "";
        }
    }

    public static string HeaderKid(string jws)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(Base64Url.DecodeFromChars(jws.Split('.')[0]));
            return doc.RootElement.TryGetProperty("kid", out JsonElement kid) && kid.ValueKind == JsonValueKind.String ? kid.GetString()! : "";
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return "";
        }
    }

    public static VerificationKey? ImportJwk(JsonNode jwk, out string? error)
    {
        error = null;
        try
        {
            return JwkImporter.TryImport(JsonWebKey.Parse(jwk.ToJsonString()), (string?)jwk["kid"] ?? "none", out VerificationKey? key, out error) ? key : null;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }
    }
}
