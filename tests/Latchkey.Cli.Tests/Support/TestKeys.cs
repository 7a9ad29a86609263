using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Latchkey.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Cli.Tests.Support;

/// <summary>Keys generated once per run, and tokens minted with Latchkey.Tokens at a fixed moment.</summary>
internal static class TestKeys
{
    public const string Issuer = "https://clerk.example.com";
    public const string Origin = "https://example.com";
    public const string Kid = "ins_cli_test";

    private static readonly Lazy<SigningKey> LazyRsa = new(() => SigningKey.GenerateRsa(Kid));
    private static readonly Lazy<SigningKey> LazyOther = new(() => SigningKey.GenerateRsa(Kid));
    private static readonly Lazy<SigningKey> LazyEc = new(() => SigningKey.GenerateEcP256("ins_cli_ec"));

    /// <summary>The instance key.</summary>
    public static SigningKey Rsa => LazyRsa.Value;

    /// <summary>Another RSA key with the SAME kid (a token from another instance, or after a botched rotation).</summary>
    public static SigningKey OtherWithSameKid => LazyOther.Value;

    public static SigningKey Ec => LazyEc.Value;

    /// <summary>2026-01-01T00:00:00Z: every minted token is issued at this moment.</summary>
    public static DateTimeOffset Now { get; } = DateTimeOffset.FromUnixTimeSeconds(1_767_225_600);

    public static long NowSeconds => Now.ToUnixTimeSeconds();

    public static string Mint(
        SigningKey? key = null,
        string? category = TokenCategories.Session,
        bool withSessionId = true,
        IReadOnlyList<string>? audiences = null,
        IReadOnlyDictionary<string, JsonElement>? customClaims = null)
    {
        var descriptor = new SessionTokenDescriptor
        {
            Subject = "user_2cli",
            SessionId = withSessionId ? "sess_2cli" : null,
            Issuer = Issuer,
            AuthorizedParty = Origin,
            SessionStatus = "active",
            Category = category,
            Audiences = audiences,
            CustomClaims = customClaims,
        };
        return new SessionTokenMinter(new FakeTimeProvider(Now)).Mint(descriptor, key ?? Rsa);
    }

    public static string B64(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    /// <summary>Signs arbitrary header and payload JSON with an RSA key (RS256), for tokens the minter refuses to make.</summary>
    public static string Forge(string headerJson, string payloadJson, SigningKey? key = null)
    {
        string input = B64(headerJson) + "." + B64(payloadJson);
        using var rsa = RSA.Create();
        rsa.ImportFromPem((key ?? Rsa).ExportPkcs8Pem());
        byte[] signature = rsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return input + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>Signs arbitrary header and payload bytes (which need not be valid UTF-8) with RS256.</summary>
    public static string ForgeBytes(byte[] header, byte[] payload, SigningKey? key = null)
    {
        string input = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
        using var rsa = RSA.Create();
        rsa.ImportFromPem((key ?? Rsa).ExportPkcs8Pem());
        byte[] signature = rsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return input + "." + Base64Url.EncodeToString(signature);
    }

    public static string Header(string extra = "") => "{\"alg\":\"RS256\",\"kid\":\"" + Kid + "\",\"typ\":\"JWT\"" + extra + "}";

    public static string Payload(string extra = "") =>
        "{\"sub\":\"user_1\",\"sid\":\"sess_1\",\"iss\":\"" + Issuer + "\",\"azp\":\"" + Origin + "\","
        + $"\"iat\":{NowSeconds},\"nbf\":{NowSeconds - 10},\"exp\":{NowSeconds + 60}" + extra + "}";
}
