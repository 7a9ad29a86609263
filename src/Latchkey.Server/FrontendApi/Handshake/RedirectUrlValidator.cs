using Latchkey.Server.FrontendApi.Http;

namespace Latchkey.Server.FrontendApi.Handshake;

/// <summary>
/// Strict check of a handshake <c>redirect_url</c>: an absolute http(s) URL whose origin is
/// allowed. Refused: other origins, other schemes (<c>javascript:</c>, <c>data:</c>),
/// protocol-relative and relative URLs, backslashes, userinfo, control characters and
/// whitespace, and percent-encoding anywhere in the authority (so an encoded <c>@</c>,
/// <c>/</c> or <c>\</c> cannot move the host).
/// </summary>
internal sealed class RedirectUrlValidator(OriginPolicy origins)
{
    public const int MaxLength = 4096;

    public bool TryValidate(string? raw, out Uri url)
    {
        url = null!;
        if (string.IsNullOrEmpty(raw) || raw.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in raw)
        {
            if (c == '\\' || char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        var schemeEnd = raw.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return false;
        }

        var scheme = raw[..schemeEnd];
        if (scheme is not ("http" or "https"))
        {
            return false;
        }

        var authorityStart = schemeEnd + 3;
        var authorityEnd = raw.IndexOfAny(['/', '?', '#'], authorityStart);
        var authority = authorityEnd < 0 ? raw[authorityStart..] : raw[authorityStart..authorityEnd];
        if (authority.Length == 0 || authority.Contains('@', StringComparison.Ordinal) || authority.Contains('%', StringComparison.Ordinal))
        {
            return false;
        }

        if (!Uri.TryCreate(raw, UriKind.Absolute, out var parsed) || parsed.UserInfo.Length > 0 || !parsed.IsAbsoluteUri
            || !string.Equals(parsed.Authority, authority, StringComparison.OrdinalIgnoreCase) && !string.Equals(parsed.Authority + ":" + parsed.Port, authority, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (!origins.IsAllowed(parsed))
        {
            return false;
        }

        url = parsed;
        return true;
    }
}
