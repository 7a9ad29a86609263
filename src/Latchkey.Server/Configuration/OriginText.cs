namespace Latchkey.Server.Configuration;

/// <summary>Parses and normalises web origins (<c>scheme://host[:port]</c>, RFC 6454).</summary>
internal static class OriginText
{
    /// <summary>
    /// Normalises an origin: lower-case scheme and host, default port dropped. Only http and
    /// https, no path other than <c>/</c>, no query, fragment or userinfo.
    /// </summary>
    public static bool TryNormalize(string? text, out string origin)
    {
        origin = string.Empty;
        if (string.IsNullOrEmpty(text) || text.Length > 2048 || !Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return false;
        }

        if ((uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0
            || uri.AbsolutePath != "/" || text.Contains('\\', StringComparison.Ordinal))
        {
            return false;
        }

        origin = FromUri(uri);
        return true;
    }

    /// <summary>The normalised origin of an absolute URI.</summary>
    public static string FromUri(Uri uri) =>
        uri.IsDefaultPort ? $"{uri.Scheme}://{uri.IdnHost}" : $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}";
}
