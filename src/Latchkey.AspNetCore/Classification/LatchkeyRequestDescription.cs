namespace Latchkey.AspNetCore;

/// <summary>
/// A request as the classifier sees it: method, public URL and headers. The URL must already be
/// the public one (scheme and host as the browser used them); forwarded headers in
/// <see cref="Headers"/> are never read, so a proxy's <c>X-Forwarded-*</c> must be applied by
/// ASP.NET Core's forwarded-headers middleware (configured with the known proxies) first.
/// </summary>
public sealed class LatchkeyRequestDescription
{
    /// <summary>Creates a description.</summary>
    /// <param name="method">The HTTP method, e.g. <c>GET</c> (compared case-sensitively, as on the wire).</param>
    /// <param name="url">The absolute public URL including the query string.</param>
    /// <param name="headers">Request headers; names are case-insensitive. Repeated headers are joined the HTTP way.</param>
    public LatchkeyRequestDescription(string method, Uri url, IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(headers);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException("The request URL must be absolute.", nameof(url));
        }

        Method = method;
        Url = url;
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            if (value is null)
            {
                continue;
            }

            // RFC 9110 §5.3 joins repeated fields with ", "; RFC 6265 §5.4 joins cookies with "; ".
            map[name] = map.TryGetValue(name, out var existing)
                ? existing + (string.Equals(name, "Cookie", StringComparison.OrdinalIgnoreCase) ? "; " : ", ") + value
                : value;
        }

        Headers = map;
    }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The absolute public URL.</summary>
    public Uri Url { get; }

    /// <summary>The request headers (case-insensitive names).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Returns a header value, or null when absent or empty.</summary>
    /// <param name="name">The header name (case-insensitive).</param>
    public string? GetHeader(string name) =>
        Headers.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
