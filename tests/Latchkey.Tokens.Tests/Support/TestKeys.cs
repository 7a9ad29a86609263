namespace Latchkey.Tokens.Tests.Support;

/// <summary>Keys generated once per test run (RSA generation is slow).</summary>
internal static class TestKeys
{
    public const string Issuer = "https://clerk.example.com";
    public const string Origin = "https://example.com";

    private static readonly Lazy<SigningKey> LazyRsa = new(() => SigningKey.GenerateRsa("ins_test_rsa"));
    private static readonly Lazy<SigningKey> LazyRsa2 = new(() => SigningKey.GenerateRsa("ins_test_rsa2"));
    private static readonly Lazy<SigningKey> LazyEc = new(() => SigningKey.GenerateEcP256("ins_test_ec"));
    private static readonly Lazy<SigningKey> LazyEd = new(() => SigningKey.GenerateEd25519("ins_test_ed"));

    public static SigningKey Rsa => LazyRsa.Value;

    public static SigningKey Rsa2 => LazyRsa2.Value;

    public static SigningKey Ec => LazyEc.Value;

    public static SigningKey Ed => LazyEd.Value;

    public static DateTimeOffset Now { get; } = DateTimeOffset.FromUnixTimeSeconds(1_767_225_600); // 2026-01-01T00:00:00Z

    public static SessionTokenDescriptor Descriptor(Func<SessionTokenDescriptor, SessionTokenDescriptor>? change = null)
    {
        var d = new SessionTokenDescriptor
        {
            Subject = "user_2abcdefghijklmnopqrstuvwxyz",
            SessionId = "sess_2abcdefghijklmnopqrstuvwxyz",
            Issuer = Issuer,
            AuthorizedParty = Origin,
            IssuedAt = Now,
            SessionStatus = "active",
        };
        return change is null ? d : change(d);
    }

    public static TokenValidationOptions Options(Action<TokenValidationOptions>? change = null)
    {
        var o = new TokenValidationOptions();
        o.ValidIssuers.Add(Issuer);
        o.AuthorizedParties.Add(Origin);
        change?.Invoke(o);
        return o;
    }
}
