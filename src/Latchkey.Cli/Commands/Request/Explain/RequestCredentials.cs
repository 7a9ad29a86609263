using System.Globalization;
using Latchkey.Cli.Diagnostics;

namespace Latchkey.Cli.Commands.Request.Explain;

/// <summary>A credential found in the request (or returned by a handshake), decoded for display.</summary>
/// <param name="Source">Where it is: <c>Authorization header</c>, <c>cookie __session</c>, <c>Set-Cookie of the handshake</c>.</param>
/// <param name="Token">The credential.</param>
/// <param name="Verified">True only when it is the token the request is signed in with.</param>
/// <param name="Inspection">The decoded header and claims (without trust), or null for an opaque token.</param>
/// <param name="Times">Its time claims relative to the judging moment.</param>
internal sealed record CredentialView(string Source, string Token, bool Verified, TokenInspection? Inspection, IReadOnlyList<TimeClaimView> Times);

/// <summary>A cookie of the request as the report lists it: its name, its length, and for the cookies that drive the decision its value.</summary>
/// <param name="Name">The cookie name.</param>
/// <param name="Length">The value's length in characters.</param>
/// <param name="Value">The value of <c>__client_uat</c> and <c>__clerk_redirect_count</c> (at most 40 characters); null for the others (tokens are shown decoded, not raw).</param>
/// <param name="Note">What the value means: the date of a <c>__client_uat</c>, "signed out" for 0, or how the package reads a malformed one.</param>
internal sealed record CookieFact(string Name, int Length, string? Value, string? Note)
{
    /// <summary>The text form: <c>__client_uat=1767225600 (2026-01-01T00:00:00Z)</c>, <c>__session (703 characters)</c>.</summary>
    public string Display => Value is not null
        ? $"{Name}={Value}{(Note is null ? "" : $" ({Note})")}"
        : $"{Name} ({Length} character{(Length == 1 ? "" : "s")})";
}

/// <summary>
/// Finds what a reader wants to see next to the verdict: the credentials of the request (the
/// <c>Authorization</c> token, the <c>__session</c> cookies, the token a handshake returned) and
/// the cookies that drive the decision (<c>__client_uat</c> with its date, the redirect counter).
/// For display only, and lenient: the verdict is always the package's.
/// </summary>
internal static class RequestCredentials
{
    /// <summary>The most cookies listed; the rest are counted.</summary>
    public const int MaxCookiesListed = 24;

    public static IReadOnlyList<CredentialView> Find(RequestDocument request, Latchkey.AspNetCore.LatchkeyRequestState state, DateTimeOffset now, TimeSpan skew)
    {
        var found = new List<(string Source, string Token)>();
        if (request.Description.GetHeader("Authorization") is { } authorization)
        {
            // As protocol §5.2: one part is the token itself; "Bearer <token>" its second part; any other scheme none.
            int space = authorization.IndexOf(' ', StringComparison.Ordinal);
            string? token = space < 0 ? authorization : authorization[..space] == "Bearer" ? authorization[(space + 1)..] : null;
            if (!string.IsNullOrEmpty(token))
            {
                found.Add(("Authorization header", token));
            }
        }

        foreach (var (name, value) in ParseCookies(request.Description.GetHeader("Cookie")))
        {
            if ((name == "__session" || name.StartsWith("__session_", StringComparison.Ordinal)) && value.Length > 0 && found.Count < 4)
            {
                found.Add(("cookie " + name, value));
            }
        }

        if (state.Token is { } signedIn && !found.Any(f => f.Token == signedIn))
        {
            found.Add(("Set-Cookie of the handshake", signedIn));
        }

        return [.. found.Select(f => View(f.Source, f.Token, state.IsSignedIn && state.Token == f.Token, now, skew))];
    }

    public static IReadOnlyList<CookieFact> Cookies(RequestDocument request)
    {
        var facts = new List<CookieFact>();
        foreach (var (name, value) in ParseCookies(request.Description.GetHeader("Cookie")))
        {
            if (facts.Count == MaxCookiesListed)
            {
                break;
            }

            facts.Add(Fact(name, value));
        }

        return facts;
    }

    /// <summary>How many cookies the request has (the report lists at most <see cref="MaxCookiesListed"/>).</summary>
    public static int CountCookies(RequestDocument request) => ParseCookies(request.Description.GetHeader("Cookie")).Count();

    /// <summary>Splits a Cookie header into pairs (RFC 6265 §5.4 shape), percent-decoding values where that is possible.</summary>
    internal static IEnumerable<(string Name, string Value)> ParseCookies(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            yield break;
        }

        foreach (string part in header.Split(';'))
        {
            string pair = part.Trim();
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            string value = pair[(equals + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }

            try
            {
                value = Uri.UnescapeDataString(value);
            }
            catch (UriFormatException)
            {
                // Shown as sent.
            }

            yield return (pair[..equals].Trim(), value);
        }
    }

    private static CookieFact Fact(string name, string value)
    {
        if (name.StartsWith("__client_uat", StringComparison.Ordinal))
        {
            string? note = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds) && seconds <= 253_402_300_799
                ? seconds == 0 ? "signed out" : DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
                : "not a number of seconds: read as 0";
            return new CookieFact(name, value.Length, Shorten(value), note);
        }

        return name == "__clerk_redirect_count"
            ? new CookieFact(name, value.Length, Shorten(value), null)
            : new CookieFact(name, value.Length, null, null);
    }

    private static CredentialView View(string source, string token, bool verified, DateTimeOffset now, TimeSpan skew)
    {
        TokenInspection? inspection = token.Contains('.', StringComparison.Ordinal) ? TokenInspection.Inspect(token) : null;
        return new CredentialView(source, token, verified, inspection, TimeClaimView.From(inspection?.Payload?.Json, now, skew));
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "...";
}
