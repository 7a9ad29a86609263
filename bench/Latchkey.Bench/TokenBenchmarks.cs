using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Latchkey.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MsJsonWebKeySet = Microsoft.IdentityModel.Tokens.JsonWebKeySet;

namespace Latchkey.Bench;

/// <summary>
/// Session-token hot paths against the raw cryptographic operation on the same bytes, all in one
/// run so that ratios are taken under the same machine conditions. The token is a realistic
/// ~750-character RS256 session token (header with kid and cat, v2 claims, 2048-bit signature).
/// </summary>
[MemoryDiagnoser]
public class TokenBenchmarks
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_767_225_600);

    private SigningKey _rsa = null!;
    private SigningKey _ec = null!;
    private RSA _rawRsa = null!;
    private ECDsa _rawEc = null!;
    private VerificationKeySet _keys = null!;
    private TokenVerifier _verifier = null!;
    private VerifiedTokenCache _cache = null!;
    private SessionTokenMinter _minter = null!;
    private SessionTokenDescriptor _descriptor = null!;
    private JsonWebTokenHandler _msHandler = null!;
    private TokenValidationParameters _msParameters = null!;
    private byte[] _signingInput = null!;
    private byte[] _signature = null!;
    private byte[] _ecSignature = null!;
    private byte[] _badSignature = null!;
    private byte[] _headerJson = null!;
    private static readonly Latchkey.Tokens.Internal.KnownValues.Set JwtType = new(["JWT"]);

    /// <summary>The accepted token (about 750 characters).</summary>
    public string Token { get; private set; } = null!;

    public string BadSignatureToken { get; private set; } = null!;

    public string ExpiredToken { get; private set; } = null!;

    public string MalformedToken { get; private set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rsa = SigningKey.GenerateRsa("ins_2GIoQhbUpy0hX7B2cVkuTMinXoD");
        _ec = SigningKey.GenerateEcP256("ins_2GIoQhbUpy0hX7B2cVkuTMinXoE");
        _rawRsa = RSA.Create();
        _rawRsa.ImportFromPem(_rsa.ExportPkcs8Pem());
        _rawEc = ECDsa.Create();
        _rawEc.ImportFromPem(_ec.ExportPkcs8Pem());
        _keys = VerificationKeySet.Create(_rsa.PublicKey, _ec.PublicKey);
        var clock = new FixedClock(Now.AddSeconds(1));
        var options = new TokenValidationOptions();
        options.ValidIssuers.Add("https://clerk.example.com");
        options.AuthorizedParties.Add("https://example.com");
        _verifier = new TokenVerifier(options, clock);
        _cache = new VerifiedTokenCache(new TokenVerifier(options, clock));
        _minter = new SessionTokenMinter(clock);
        _descriptor = new SessionTokenDescriptor
        {
            Subject = "user_2NNEqL2nrIRdJ194ndJqAHwEfxC",
            SessionId = "sess_2NNEqM3n8xQBcvqoZ4ZTR5Q7ndD",
            Issuer = "https://clerk.example.com",
            AuthorizedParty = "https://example.com",
            IssuedAt = Now,
            SessionStatus = "active",
            TokenId = "7f4c1e3b9a2d5f6e8c0a",
        };

        Token = _minter.Mint(_descriptor, _rsa);
        string[] parts = Token.Split('.');
        _signingInput = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        _signature = System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]);
        _ecSignature = _rawEc.SignData(_signingInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        char flip = parts[2][10] == 'A' ? 'B' : 'A';
        BadSignatureToken = parts[0] + "." + parts[1] + "." + parts[2][..10] + flip + parts[2][11..];
        _badSignature = System.Buffers.Text.Base64Url.DecodeFromChars(BadSignatureToken.Split('.')[2]);
        _headerJson = System.Buffers.Text.Base64Url.DecodeFromChars(parts[0]);
        ExpiredToken = _minter.Mint(new SessionTokenDescriptor
        {
            Subject = _descriptor.Subject, SessionId = _descriptor.SessionId, Issuer = _descriptor.Issuer,
            AuthorizedParty = _descriptor.AuthorizedParty, IssuedAt = Now.AddMinutes(-5), SessionStatus = "active",
            TokenId = _descriptor.TokenId,
        }, _rsa);
        MalformedToken = parts[0] + "." + parts[1] + "=." + parts[2];

        _msHandler = new JsonWebTokenHandler();
        _msParameters = new TokenValidationParameters
        {
            ValidIssuer = "https://clerk.example.com",
            ValidateAudience = false,
            ValidateLifetime = false, // the token is minted at a fixed past time; lifetime is cheap either way
            ValidAlgorithms = ["RS256"],
            IssuerSigningKeys = new MsJsonWebKeySet(VerificationKeySet.Create(_rsa.PublicKey).ToJwks().ToJson()).GetSigningKeys(),
        };

        Check(_verifier.Verify(Token, _keys).IsValid, "token must verify");
        Check(_cache.Verify(Token, _keys).IsValid, "token must verify through the cache");
        Check(_verifier.Verify(BadSignatureToken, _keys).Reason == ReasonCodes.TokenInvalidSignature, "bad signature");
        Check(_verifier.Verify(ExpiredToken, _keys).Reason == ReasonCodes.TokenExpired, "expired");
        Check(_verifier.Verify(MalformedToken, _keys).Reason == ReasonCodes.TokenInvalid, "malformed");
        Check(_msHandler.ValidateTokenAsync(Token, _msParameters).GetAwaiter().GetResult().IsValid, "Microsoft.IdentityModel must accept the token");
        Check(Token.Length is >= 700 and <= 800, $"token length {Token.Length} outside 700..800");
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Benchmark setup check failed: " + what);
        }
    }

    [Benchmark(Description = "raw RSA.VerifyData")]
    public bool RawRsaVerify() => _rawRsa.VerifyData(_signingInput, _signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark(Description = "Latchkey verify (uncached)")]
    public TokenVerificationResult Verify() => _verifier.Verify(Token, _keys);

    /// <summary>Everything up to and including the signature check, no claims: the verifier's pre-signature overhead.</summary>
    [Benchmark(Description = "diag: signature-only path")]
    public TokenVerificationResult DiagSignatureOnly() => _verifier.VerifySignatureOnly(Token, _keys);

    /// <summary>The header JSON read alone.</summary>
    [Benchmark(Description = "diag: header parse")]
    public bool DiagHeader() => Latchkey.Tokens.Internal.HeaderReader.TryRead(_headerJson, 16, JwtType, out _, out _, out _);

    [Benchmark(Description = "raw RSA.VerifyData, bad signature")]
    public bool RawRsaVerifyBad() => _rawRsa.VerifyData(_signingInput, _badSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark(Description = "rejected: bad signature")]
    public TokenVerificationResult RejectBadSignature() => _verifier.Verify(BadSignatureToken, _keys);

    [Benchmark(Description = "rejected: expired")]
    public TokenVerificationResult RejectExpired() => _verifier.Verify(ExpiredToken, _keys);

    [Benchmark(Description = "rejected: malformed")]
    public TokenVerificationResult RejectMalformed() => _verifier.Verify(MalformedToken, _keys);

    [Benchmark(Description = "Latchkey verify (cached)")]
    public TokenVerificationResult VerifyCached() => _cache.Verify(Token, _keys);

    [Benchmark(Description = "Microsoft.IdentityModel validate")]
    public Task<Microsoft.IdentityModel.Tokens.TokenValidationResult> MicrosoftValidate() => _msHandler.ValidateTokenAsync(Token, _msParameters);

    [Benchmark(Description = "raw RSA.SignData")]
    public byte[] RawRsaSign() => _rawRsa.SignData(_signingInput, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark(Description = "Latchkey mint RS256")]
    public string MintRs256() => _minter.Mint(_descriptor, _rsa);

    [Benchmark(Description = "raw ECDsa.SignData")]
    public byte[] RawEcSign() => _rawEc.SignData(_signingInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    [Benchmark(Description = "Latchkey mint ES256")]
    public string MintEs256() => _minter.Mint(_descriptor, _ec);

    /// <summary>The JSON writing of a mint alone (no encoding, no signature): the mint's own overhead.</summary>
    [Benchmark(Description = "mint serialization only")]
    public int MintSerializationOnly() => _minter.Serialize(_descriptor, _ec).Payload.WrittenCount;

    /// <summary>What the accepted result itself costs: parsing the claims and building header and result, no crypto.</summary>
    [Benchmark(Description = "returned objects only")]
    public object ReturnedObjectsOnly() => ResultOnly.Build(Token);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
