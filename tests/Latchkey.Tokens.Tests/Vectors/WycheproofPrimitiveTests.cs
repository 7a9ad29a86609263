using System.Buffers.Text;
using System.Text.Json.Nodes;
using Latchkey.Tokens.Internal;

namespace Latchkey.Tokens.Tests.Vectors;

/// <summary>
/// The three primitive files through the routine that checks a JWS signature
/// (<see cref="VerificationKey"/>'s signature check, used by the verifier), each group's key
/// imported from its JWK by the same importer the JWKS path uses.
/// </summary>
public class WycheproofPrimitiveTests
{
    private static List<string> Run(string file, JwsAlgorithm algorithm, Func<JsonObject, JsonNode> jwkOf, Func<JsonObject, bool> inPolicy, out int count)
    {
        JsonObject vectors = WycheproofVectors.Load(file);
        var failures = new List<string>();
        count = 0;
        foreach (var (group, test) in WycheproofVectors.Cases(vectors))
        {
            count++;
            int id = test["tcId"]!.GetValue<int>();
            string label = test["result"]!.GetValue<string>();
            JsonNode jwk = jwkOf(group);
            bool policy = inPolicy(group);
            VerificationKey? key = WycheproofVectors.ImportJwk(jwk, out string? keyError);
            if (policy && key is null)
            {
                failures.Add($"tcId {id}: in-policy key refused: {keyError}");
                continue;
            }

            if (!policy && key is not null)
            {
                failures.Add($"tcId {id}: out-of-policy key accepted");
                continue;
            }

            bool verified = key is not null && key.VerifySignature(algorithm, WycheproofVectors.Hex(test, "msg"), WycheproofVectors.Hex(test, "sig"));
            if (label == "invalid" && verified)
            {
                failures.Add($"tcId {id}: invalid signature accepted ({test["comment"]})");
            }
            else if (label == "valid" && policy && !verified)
            {
                failures.Add($"tcId {id}: valid signature rejected ({test["comment"]})");
            }
        }

        Assert.Equal(WycheproofVectors.Declared(vectors), count);
        return failures;
    }

    [Fact]
    public void WycheproofRsaPkcs1Sha256_AllVectors_MatchPolicy()
    {
        List<string> failures = Run("rsa_signature_2048_sha256_test.json", JwsAlgorithm.RS256,
            g => g["keyJwk"]!, g => WycheproofVectors.KeyInPolicy(g["keyJwk"]!.AsObject(), "RS256"), out int count);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(259, count);
    }

    [Fact]
    public void WycheproofEcdsaP256P1363_AllVectors_MatchPolicy()
    {
        List<string> failures = Run("ecdsa_secp256r1_sha256_p1363_test.json", JwsAlgorithm.ES256, EcJwk, _ => true, out int count);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(262, count);
    }

    [Fact]
    public void WycheproofEd25519_AllVectors_MatchPolicy()
    {
        List<string> failures = Run("ed25519_test.json", JwsAlgorithm.EdDSA, g => g["publicKeyJwk"]!, _ => true, out int count);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(151, count);
    }

    /// <summary>The group's JWK, or one built from wx/wy (hex, left-padded to 32 bytes) when the group has none.</summary>
    private static JsonNode EcJwk(JsonObject group)
    {
        if (group["publicKeyJwk"] is { } jwk)
        {
            return jwk;
        }

        JsonNode key = group["publicKey"]!;
        return new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["kid"] = "none",
            ["x"] = Coordinate((string)key["wx"]!),
            ["y"] = Coordinate((string)key["wy"]!),
        };
    }

    private static string Coordinate(string hex)
    {
        byte[] bytes = Convert.FromHexString(hex.Length % 2 == 1 ? "0" + hex : hex);
        int skip = 0;
        while (bytes.Length - skip > 32 && bytes[skip] == 0)
        {
            skip++;
        }

        var padded = new byte[32];
        bytes.AsSpan(skip).CopyTo(padded.AsSpan(32 - (bytes.Length - skip)));
        return Base64Url.EncodeToString(padded);
    }
}
