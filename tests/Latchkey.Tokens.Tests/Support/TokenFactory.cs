using System.Buffers.Text;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tokens.Tests.Support;

/// <summary>Mints tokens, and forges raw ones with arbitrary header and payload JSON.</summary>
internal static class TokenFactory
{
    public static FakeTimeProvider Clock(DateTimeOffset? at = null) => new(at ?? TestKeys.Now);

    public static string Mint(SigningKey? key = null, Func<SessionTokenDescriptor, SessionTokenDescriptor>? change = null) =>
        new SessionTokenMinter(Clock()).Mint(TestKeys.Descriptor(change), key ?? TestKeys.Rsa);

    public static TokenVerifier Verifier(FakeTimeProvider? clock = null, Action<TokenValidationOptions>? change = null) =>
        new(TestKeys.Options(change), clock ?? Clock());

    public static VerificationKeySet Keys(params SigningKey[] keys) =>
        VerificationKeySet.Create(keys.Length == 0 ? [TestKeys.Rsa.PublicKey] : keys.Select(k => k.PublicKey));

    public static string B64(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    /// <summary>Signs arbitrary header and payload JSON with an RSA key through the public minter's key.</summary>
    public static string Forge(string headerJson, string payloadJson, SigningKey? key = null)
    {
        key ??= TestKeys.Rsa;
        string input = B64(headerJson) + "." + B64(payloadJson);
        var signature = new byte[key.SignatureLength];
        int n = key.Sign(Encoding.ASCII.GetBytes(input), signature);
        return input + "." + Base64Url.EncodeToString(signature.AsSpan(0, n));
    }

    /// <summary>Signs raw header and payload bytes (which need not be valid UTF-8).</summary>
    public static string Forge(byte[] header, byte[] payload, SigningKey? key = null)
    {
        key ??= TestKeys.Rsa;
        string input = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
        var signature = new byte[key.SignatureLength];
        int n = key.Sign(Encoding.ASCII.GetBytes(input), signature);
        return input + "." + Base64Url.EncodeToString(signature.AsSpan(0, n));
    }

    public static string Header(string alg = "RS256", string? kid = "ins_test_rsa", string extra = "") =>
        "{\"alg\":\"" + alg + "\"" + (kid is null ? "" : ",\"kid\":\"" + kid + "\"") + ",\"typ\":\"JWT\"" + extra + "}";

    public static string Payload(string extra = "", long? iat = null, bool withTimes = true)
    {
        long t = iat ?? TestKeys.Now.ToUnixTimeSeconds();
        string times = withTimes ? $",\"iat\":{t},\"nbf\":{t - 10},\"exp\":{t + 60}" : "";
        return "{\"sub\":\"user_1\",\"sid\":\"sess_1\",\"iss\":\"" + TestKeys.Issuer + "\",\"azp\":\"" + TestKeys.Origin + "\"" + times + extra + "}";
    }
}
