using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace Latchkey.AspNetCore;

/// <summary>
/// A request as the classifier sees it: method, public URL and headers. The URL must already be
/// the public one (scheme and host as the browser used them); forwarded headers in
/// <see cref="Headers"/> are never read, so a proxy's <c>X-Forwarded-*</c> must be applied by
/// ASP.NET Core's forwarded-headers middleware (configured with the known proxies) first.
/// </summary>
public sealed class LatchkeyRequestDescription
{
    /// <summary>The headers the classifier reads (protocol.md §5.2); the handler's descriptions expose only these.</summary>
    internal static readonly string[] ClassifiedHeaderNames =
    [
        Internal.Names.Headers.Authorization, Internal.Names.Headers.Cookie, Internal.Names.Headers.Accept, Internal.Names.Headers.SecFetchDest,
        Internal.Names.Headers.Referer, Internal.Names.Headers.Origin, Internal.Names.Headers.UserAgent,
    ];

    // Set for the handler's descriptions: the URL and the header map are built from it only when
    // a check needs them (the signed-in path reads two or three headers and no URL).
    private readonly HttpRequest? _request;
    private Uri? _url;
    private IReadOnlyDictionary<string, string>? _headers;

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
        _url = url;
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            if (value is null)
            {
                continue;
            }

            map[name] = map.TryGetValue(name, out var existing) ? existing + Separator(name) + value : value;
        }

        _headers = map;
    }

    /// <summary>
    /// The handler's description of the current request: the URL from <c>Request.Scheme</c>,
    /// <c>Host</c>, <c>PathBase</c>, <c>Path</c> and <c>QueryString</c> (forwarded headers count only
    /// after ASP.NET Core's forwarded-headers middleware has applied them), and the headers of
    /// <see cref="ClassifiedHeaderNames"/>. Equal to the public constructor given the same parts.
    /// </summary>
    internal LatchkeyRequestDescription(HttpRequest request)
    {
        _request = request;
        Method = request.Method;
    }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The absolute public URL.</summary>
    public Uri Url => _url ??= new Uri(UriHelper.BuildAbsolute(_request!.Scheme, _request.Host, _request.PathBase, _request.Path, _request.QueryString), UriKind.Absolute);

    /// <summary>The request headers (case-insensitive names).</summary>
    public IReadOnlyDictionary<string, string> Headers => _headers ??= CollectHeaders(_request!);

    /// <summary>The request's <c>RequestAborted</c> for the handler's descriptions; none for a description built from parts.</summary>
    internal CancellationToken RequestAborted => _request?.HttpContext.RequestAborted ?? CancellationToken.None;

    /// <summary>The escaped query of <see cref="Url"/> (with its <c>?</c>), or empty; builds no URL when the request has none.</summary>
    internal string Query => _request is null || _request.QueryString.HasValue ? Url.Query : string.Empty;

    /// <summary>Returns a header value, or null when absent or empty.</summary>
    /// <param name="name">The header name (case-insensitive).</param>
    public string? GetHeader(string name)
    {
        var value = _headers is null && _request is not null
            ? JoinHeader(_request, name)
            : Headers.TryGetValue(name, out var mapped) ? mapped : null;
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>RFC 9110 §5.3 joins repeated fields with ", "; RFC 6265 §5.4 joins cookies with "; ".</summary>
    private static string Separator(string name) =>
        string.Equals(name, Internal.Names.Headers.Cookie, StringComparison.OrdinalIgnoreCase) ? "; " : ", ";

    /// <summary>The values of a classified header joined, or null when it is absent (or not classified).</summary>
    private static string? JoinHeader(HttpRequest request, string name)
    {
        // The two headers every request reads go through the typed properties: Kestrel serves
        // them from a field, where a lookup by name first finds the field by the name's length
        // and text.
        Microsoft.Extensions.Primitives.StringValues values;
        if (ReferenceEquals(name, Internal.Names.Headers.Authorization))
        {
            values = request.Headers.Authorization;
        }
        else if (ReferenceEquals(name, Internal.Names.Headers.Cookie))
        {
            values = request.Headers.Cookie;
        }
        else if (!IsClassified(name) || !request.Headers.TryGetValue(name, out values))
        {
            return null;
        }

        if (values.Count == 0)
        {
            return null;
        }

        if (values.Count == 1)
        {
            return values[0];
        }

        string? joined = null;
        foreach (var value in values)
        {
            if (value is not null)
            {
                joined = joined is null ? value : joined + Separator(name) + value;
            }
        }

        return joined;
    }

    private static bool IsClassified(string name)
    {
        foreach (var classified in ClassifiedHeaderNames)
        {
            if (ReferenceEquals(classified, name))
            {
                return true; // the classifier passes the same constants
            }
        }

        foreach (var classified in ClassifiedHeaderNames)
        {
            if (string.Equals(classified, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static Dictionary<string, string> CollectHeaders(HttpRequest request)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in ClassifiedHeaderNames)
        {
            if (JoinHeader(request, name) is { } value)
            {
                map[name] = value;
            }
        }

        return map;
    }
}
