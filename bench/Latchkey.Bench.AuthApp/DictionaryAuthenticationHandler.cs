using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Latchkey.Bench.AuthApp;

/// <summary>
/// The pipeline's own ceiling: an authentication handler that does nothing but find the bearer
/// token in a pre-filled dictionary (no parsing, no cryptography, no allocation for the lookup).
/// Any real handler does at least this much, so it bounds what Latchkey can reach.
/// </summary>
internal sealed class DictionaryAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    DictionaryAuthenticationHandler.Directory directory)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Dictionary";

    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(BearerPrefix, StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(directory.Lookup.TryGetValue(header.AsSpan(BearerPrefix.Length), out var principal)
            ? AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName))
            : AuthenticateResult.Fail("unknown token"));
    }

    /// <summary>The known tokens, each with its ready-made principal.</summary>
    internal sealed class Directory
    {
        private readonly Dictionary<string, ClaimsPrincipal> _principals = new(StringComparer.Ordinal);

        public Directory(BenchMaterial material)
        {
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, material.UserId)], SchemeName);
            _principals[material.Token] = new ClaimsPrincipal(identity);
            Lookup = _principals.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public Dictionary<string, ClaimsPrincipal>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }
    }
}
