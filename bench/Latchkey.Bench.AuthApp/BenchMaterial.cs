using System.Text.Json;
using Latchkey.Testing;

namespace Latchkey.Bench.AuthApp;

/// <summary>
/// Everything the modes share, made once per benchmark run by <c>prepare</c> and read by every
/// <c>serve</c>: one RSA-2048 key (only its public half is kept), the instance's keys and issuer,
/// and one real session token with its cookie header. Every mode sees the same token text.
/// </summary>
/// <remarks>
/// Tokens are minted by <see cref="TestIssuer"/> at the real current time with a long lifetime
/// (default 2 hours), and the apps run on the real clock (<see cref="TimeProvider.System"/>), so
/// a token cannot expire during a run of a few minutes; <c>prepare</c> runs at the start of each run.
/// </remarks>
internal sealed record BenchMaterial(
    string FrontendApiUrl,
    string PublishableKey,
    string SecretKey,
    string PublicKeyPem,
    string Kid,
    string AuthorizedParty,
    string UserId,
    string Token,
    string CookieHeader,
    DateTimeOffset ExpiresAt)
{
    public const string DefaultFrontendApiUrl = "http://127.0.0.1:5100";
    public const string DefaultAuthorizedParty = "http://127.0.0.1:5200";
    public const string DefaultUserId = "user_bench";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Mints the key and the token (a production instance: no dev-browser cookie in play).</summary>
    public static BenchMaterial Create(TimeSpan lifetime)
    {
        var now = TimeProvider.System.GetUtcNow();
        using var issuer = new TestIssuer(DefaultFrontendApiUrl, production: true, start: now);
        var token = issuer.MintSessionToken(new TestTokenOptions
        {
            UserId = DefaultUserId,
            SessionId = "sess_bench",
            AuthorizedParty = DefaultAuthorizedParty,
            Lifetime = lifetime,
        });
        return new BenchMaterial(
            issuer.FrontendApiUrl,
            issuer.PublishableKey,
            issuer.SecretKey,
            issuer.PublicKeyPem,
            issuer.Kid,
            DefaultAuthorizedParty,
            DefaultUserId,
            token,
            issuer.CookieHeader(token),
            now + lifetime);
    }

    /// <summary>
    /// Writes <c>material.json</c> (for <c>serve</c>) and, for the benchmark script, the plain
    /// files <c>token</c>, <c>cookie</c> (a <c>Cookie</c> header value) and <c>user</c>.
    /// </summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json));
        File.WriteAllText(Path.Combine(directory, "token"), Token);
        File.WriteAllText(Path.Combine(directory, "cookie"), CookieHeader);
        File.WriteAllText(Path.Combine(directory, "user"), UserId);
    }

    public static BenchMaterial Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        return JsonSerializer.Deserialize<BenchMaterial>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path} does not hold benchmark material; run the prepare command.");
    }

    private const string FileName = "material.json";
}
