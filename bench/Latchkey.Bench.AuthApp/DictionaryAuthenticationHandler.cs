using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Latchkey.Bench.AuthApp;

/// <summary>
/// The pipeline's own ceiling: an authentication handler that does nothing but take the token
/// from the request (the <c>Authorization: Bearer</c> header, else the <c>__session</c> cookie)
/// and find it in a pre-filled dictionary (no parsing beyond that, no cryptography, no allocation
/// for the lookup). Any real handler does at least this much for the same request, so it bounds
/// what Latchkey can reach.
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
        ReadOnlySpan<char> token;
        string? header = Request.Headers.Authorization;
        if (header is not null)
        {
            if (!header.StartsWith(BearerPrefix, StringComparison.Ordinal))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            token = header.AsSpan(BearerPrefix.Length);
        }
        else if (!TryReadSessionCookie(Request.Headers.Cookie, out token))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(directory.Lookup.TryGetValue(token, out var principal)
            ? AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName))
            : AuthenticateResult.Fail("unknown token"));
    }

    /// <summary>The value of the first <c>__session</c> cookie, as a slice of the header (no copy).</summary>
    private static bool TryReadSessionCookie(string? header, out ReadOnlySpan<char> value)
    {
        const string name = "__session=";
        value = default;
        if (header is null)
        {
            return false;
        }

        var cookies = header.AsSpan();
        foreach (var range in cookies.Split(';'))
        {
            var pair = cookies[range].TrimStart(' ');
            if (pair.StartsWith(name, StringComparison.Ordinal))
            {
                value = pair[name.Length..];
                return !value.IsEmpty;
            }
        }

        return false;
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
