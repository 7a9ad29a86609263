using Latchkey.AspNetCore.Internal;
using Latchkey.AspNetCore.Tokens;

namespace Latchkey.AspNetCore.Classification;

/// <summary>
/// Everything the decision procedure reads from one request (protocol.md §5.2), parsed once and
/// strictly: the public URL and its query, the headers that matter, the <c>Authorization</c>
/// token, the cookies (suffixed family chosen per §2.5), the handshake values and the loop counter.
/// </summary>
internal sealed class RequestContext
{
    private readonly Dictionary<string, string> _cookies;
    private readonly InstanceSettings _settings;
    private readonly ITokenCore _tokens;
    private bool? _usesSuffixed;

    public RequestContext(LatchkeyRequestDescription request, InstanceSettings settings, ITokenCore tokens, DateTimeOffset now)
    {
        _settings = settings;
        _tokens = tokens;
        Now = now;
        Method = request.Method;
        Url = request.Url;
        Origin = InstanceSettings.OriginOf(request.Url) ?? request.Url.GetLeftPart(UriPartial.Authority);
        Query = QueryString.Parse(request.Url.Query);
        Accept = request.GetHeader(Names.Headers.Accept);
        SecFetchDest = request.GetHeader(Names.Headers.SecFetchDest);
        Referrer = request.GetHeader(Names.Headers.Referer);
        OriginHeader = request.GetHeader(Names.Headers.Origin);
        UserAgent = request.GetHeader(Names.Headers.UserAgent);
        Authorization = AuthorizationHeaderParser.Parse(request.GetHeader(Names.Headers.Authorization));
        RequestHeaders = request.Headers;

        if (settings.HeaderOnly)
        {
            _cookies = new Dictionary<string, string>(StringComparer.Ordinal);
            return;
        }

        _cookies = CookieHeaderParser.Parse(request.GetHeader(Names.Headers.Cookie));
        SessionTokenInCookie = GetSuffixedOrUnsuffixed(Names.Cookies.Session);
        RefreshTokenInCookie = GetCookie(settings.SuffixedName(Names.Cookies.Refresh));
        ClientUat = StrictNumber.ParseOrZero(GetSuffixedOrUnsuffixed(Names.Cookies.ClientUat), 12);
        DevBrowserToken = NonEmpty(Query.Get(Names.Query.DevBrowser)) ?? GetSuffixedOrUnsuffixed(Names.Cookies.DevBrowser);
        HandshakeToken = NonEmpty(Query.Get(Names.Query.Handshake)) ?? GetCookie(Names.Cookies.Handshake);
        HandshakeNonce = NonEmpty(Query.Get(Names.Query.HandshakeNonce)) ?? GetCookie(Names.Cookies.HandshakeNonce);
        RedirectCount = (int)StrictNumber.ParseOrZero(GetCookie(Names.Cookies.RedirectCount), 3);
    }

    public DateTimeOffset Now { get; }

    public string Method { get; }

    public Uri Url { get; }

    /// <summary>The request's public origin (<c>scheme://host[:port]</c>).</summary>
    public string Origin { get; }

    public QueryString Query { get; }

    public string? Accept { get; }

    public string? SecFetchDest { get; }

    public string? Referrer { get; }

    public string? OriginHeader { get; }

    public string? UserAgent { get; }

    public IReadOnlyDictionary<string, string> RequestHeaders { get; }

    public AuthorizationHeaderResult Authorization { get; }

    public string? TokenInHeader => Authorization.Kind == AuthorizationHeaderKind.Token ? Authorization.Value : null;

    /// <summary>An <c>Authorization</c> header that is present but not a well-formed credential.</summary>
    public bool HasMalformedAuthorization => Authorization.Kind == AuthorizationHeaderKind.Malformed;

    public string? SessionTokenInCookie { get; }

    public string? RefreshTokenInCookie { get; }

    public long ClientUat { get; }

    public string? DevBrowserToken { get; }

    public string? HandshakeToken { get; }

    public string? HandshakeNonce { get; }

    public int RedirectCount { get; }

    /// <summary>The cookie token, else the header token (used for refresh and as a handshake hint).</summary>
    public string? SessionToken => SessionTokenInCookie ?? TokenInHeader;

    public bool IsGet => Method == "GET";

    /// <summary>Whether the suffixed cookie family is used (§2.5), computed once.</summary>
    public bool UsesSuffixedCookies => _usesSuffixed ??= ComputeUsesSuffixed();

    /// <summary>Whether the <c>Referer</c> is a valid URL of another origin than the request's.</summary>
    public bool IsCrossOriginReferrer()
    {
        if (Referrer is null || !Uri.TryCreate(Referrer, UriKind.Absolute, out var referrer))
        {
            return false;
        }

        var origin = InstanceSettings.OriginOf(referrer);
        return origin is null || !string.Equals(origin, Origin, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Whether the <c>Referer</c> is the instance's Frontend API host, a development account-portal
    /// host (development instances only), or the account portal derived from the Frontend API (§5.6 C16).
    /// </summary>
    public bool IsKnownClerkReferrer()
    {
        if (Referrer is null || !Uri.TryCreate(Referrer, UriKind.Absolute, out var referrer))
        {
            return false;
        }

        var host = referrer.Host;
        var frontendApi = _settings.HandshakeBase(Origin);
        var fapiHost = Uri.TryCreate(frontendApi, UriKind.Absolute, out var fapi) ? fapi.Host : frontendApi;
        if (string.Equals(host, fapiHost, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!_settings.IsProduction && (IsLegacyDevAccountPortal(host) || IsCurrentDevAccountPortal(host)))
        {
            return true;
        }

        var accounts = AccountPortalOrigin(fapiHost);
        return string.Equals(InstanceSettings.OriginOf(referrer), accounts, StringComparison.OrdinalIgnoreCase);
    }

    private static readonly string[] LegacyDevSuffixes = [".lcl.dev", ".lclstage.dev", ".lclclerk.com"];
    private static readonly string[] CurrentDevSuffixes = [".accounts.dev", ".accountsstage.dev", ".accounts.lclclerk.com"];

    private static bool IsLegacyDevAccountPortal(string host) =>
        host.StartsWith("accounts.", StringComparison.Ordinal) && LegacyDevSuffixes.Any(s => host.EndsWith(s, StringComparison.Ordinal));

    private static bool IsCurrentDevAccountPortal(string host) =>
        CurrentDevSuffixes.Any(s => host.EndsWith(s, StringComparison.Ordinal) && !host.EndsWith(".clerk" + s, StringComparison.Ordinal));

    /// <summary>The account portal origin derived from a Frontend API host (§1.4).</summary>
    internal static string? AccountPortalOrigin(string fapiHost)
    {
        if (string.IsNullOrEmpty(fapiHost))
        {
            return null;
        }

        string host;
        var stage = fapiHost.IndexOf("clerk.accountsstage.", StringComparison.Ordinal);
        if (stage >= 0)
        {
            host = fapiHost.Remove(stage, "clerk.".Length);
        }
        else
        {
            var accounts = fapiHost.IndexOf("clerk.accounts.", StringComparison.Ordinal);
            var clerk = fapiHost.IndexOf("clerk.", StringComparison.Ordinal);
            host = accounts >= 0 && (clerk < 0 || accounts <= clerk)
                ? fapiHost.Remove(accounts, "clerk.accounts.".Length).Insert(accounts, "accounts.")
                : clerk >= 0 ? fapiHost.Remove(clerk, "clerk.".Length).Insert(clerk, "accounts.") : fapiHost;
        }

        return InstanceSettings.OriginOf("https://" + host);
    }

    private string? GetCookie(string name) => _cookies.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private string? GetSuffixedOrUnsuffixed(string baseName) =>
        UsesSuffixedCookies ? GetCookie(_settings.SuffixedName(baseName)) : GetCookie(baseName);

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The suffixed-cookie chooser, rules 1–8 of protocol.md §2.5 in order.</summary>
    private bool ComputeUsesSuffixed()
    {
        var suffixedUat = GetCookie(_settings.SuffixedName(Names.Cookies.ClientUat));
        var uat = GetCookie(Names.Cookies.ClientUat);
        var suffixedSession = GetCookie(_settings.SuffixedName(Names.Cookies.Session));
        var session = GetCookie(Names.Cookies.Session);

        var sessionPeek = session is null ? null : _tokens.Peek(session);
        if (session is not null && (sessionPeek is null || !sessionPeek.HasTruthyIss))
        {
            return false; // rule 1: malformed un-suffixed token → un-suffixed, so it is signed out, not bounced.
        }

        if (session is not null && !BelongsToInstance(sessionPeek!))
        {
            return true; // rule 2: the un-suffixed cookie belongs to another app on the same site.
        }

        if (suffixedUat is null && suffixedSession is null)
        {
            return false; // rule 3
        }

        var suffixedPeek = suffixedSession is null ? null : _tokens.Peek(suffixedSession);
        var sessionIat = sessionPeek?.Iat ?? 0;
        var suffixedIat = suffixedPeek?.Iat ?? 0;
        if (suffixedUat != "0" && uat != "0" && sessionIat > suffixedIat)
        {
            return false; // rule 4: both signed in, un-suffixed newer.
        }

        if (suffixedUat == "0" && uat != "0")
        {
            return false; // rule 5
        }

        if (!_settings.IsProduction && suffixedUat != "0" && uat == "0" && suffixedPeek?.Exp is { } suffixedExp
            && suffixedExp <= Math.Floor(Now.ToUnixTimeMilliseconds() / 1000.0))
        {
            return false; // rule 6 (development only)
        }

        if (suffixedUat is null && suffixedSession is not null)
        {
            return false; // rule 7: suffixing disabled at the Frontend API.
        }

        return true; // rule 8
    }

    private bool BelongsToInstance(JwtPeek peek)
    {
        if (peek.Iss is null)
        {
            return false;
        }

        var stripped = peek.Iss;
        if (stripped.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            stripped = stripped[8..];
        }
        else if (stripped.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            stripped = stripped[7..];
        }

        return string.Equals(stripped, _settings.FrontendApiHost, StringComparison.Ordinal);
    }
}
