using Latchkey.Tokens;

namespace Latchkey.Cli.Commands.Token.Verify;

/// <summary>The parsed and range-checked command line of <c>latchkey token verify</c>.</summary>
internal sealed record TokenVerifyRequest
{
    /// <summary>The token argument: the token itself, <c>-</c> for stdin, or null (stdin when piped).</summary>
    public string? TokenArgument { get; init; }

    /// <summary>The <c>--jwks</c> file path or http(s) URL.</summary>
    public string? Jwks { get; init; }

    /// <summary>The <c>--pem</c> file path.</summary>
    public string? Pem { get; init; }

    public IReadOnlyList<string> Issuers { get; init; } = [];

    public bool NoIssuerCheck { get; init; }

    public IReadOnlyList<string> AuthorizedParties { get; init; } = [];

    public IReadOnlyList<string> Audiences { get; init; } = [];

    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The <c>--now</c> moment in Unix milliseconds, or null for the clock.</summary>
    public long? NowUnixMilliseconds { get; init; }

    public TokenKind Kind { get; init; } = TokenKind.Session;

    public bool Json { get; init; }

    /// <summary>The verifier options this request stands for.</summary>
    public TokenValidationOptions ToValidationOptions()
    {
        var options = new TokenValidationOptions
        {
            ValidateIssuer = !NoIssuerCheck,
            ClockSkew = ClockSkew,
            TokenKind = Kind,
        };
        foreach (string issuer in Issuers)
        {
            options.ValidIssuers.Add(issuer);
        }

        foreach (string party in AuthorizedParties)
        {
            options.AuthorizedParties.Add(party);
        }

        foreach (string audience in Audiences)
        {
            options.Audiences.Add(audience);
        }

        return options;
    }
}
