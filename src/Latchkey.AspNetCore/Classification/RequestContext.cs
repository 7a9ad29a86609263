using Latchkey.AspNetCore.Internal;
using Latchkey.AspNetCore.Tokens;

namespace Latchkey.AspNetCore.Classification;

/// <summary>
/// Everything the decision procedure reads from one request (protocol.md §5.2), parsed once and
/// strictly: the public URL and its query, the headers that matter, the <c>Authorization</c>
/// token, the cookies (suffixed family chosen per §2.5), the handshake values and the loop counter.
/// It is also the request's <see cref="ITokenPeeker"/>: each token is decoded at most once per
/// request, however many checks read it.
/// </summary>
internal sealed class RequestContext : ITokenPeeker, ITokenInterner
{
    private readonly InstanceSettings _settings;
    private readonly ITokenCore _tokens;
    private readonly LatchkeyRequestDescription _request;
    private bool? _usesSuffixed;
    private string? _origin;
    private QueryString? _query;

    // Headers read on first use: most requests never need Accept, Referer, Origin or User-Agent.
    private string? _accept;
    private string? _secFetchDest;
    private string? _referrer;
    private string? _originHeader;
    private string? _userAgent;
    private HeaderFlags _read;

    // Two remembered peeks: a request reads at most the un-suffixed and the suffixed session
    // cookie, or the header token. Compared by reference (the same string instance is passed
    // around within a request), so a hit costs no hashing of the token text.
    private string? _peeked1;
    private JwtPeek? _peek1;
    private string? _peeked2;
    private JwtPeek? _peek2;

    // The cookies and the values read from them and from the query, parsed on first use: a
    // request with a token in its Authorization header is decided without them.
    private string?[]? _cookies;
    private bool _valuesRead;
    private string? _sessionTokenInCookie;
    private string? _refreshTokenInCookie;
    private long _clientUat;
    private string? _devBrowserToken;
    private string? _handshakeToken;
    private string? _handshakeNonce;
    private int _redirectCount;

    // The cancellation of the calls that may wait on the network (JWKS, Backend API): the caller's
    // token when it gave one, else the request's RequestAborted, read only when such a call is
    // made (reading it costs Kestrel a lock and a CancellationTokenSource per request).
    private readonly CancellationToken _explicitCancellation;
    private CancellationToken? _aborted;

    public RequestContext(LatchkeyRequestDescription request, InstanceSettings settings, ITokenCore tokens, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        _explicitCancellation = cancellationToken;
        _settings = settings;
        _tokens = tokens;
        _request = request;
        Now = now;
        Method = request.Method;
        Authorization = AuthorizationHeaderParser.Parse(request.GetHeader(Names.Headers.Authorization), this);
    }

    public DateTimeOffset Now { get; }

    /// <summary>The token that cancels this request's network calls (see the field's comment).</summary>
    public CancellationToken Aborted => _aborted ??= _explicitCancellation.CanBeCanceled ? _explicitCancellation : _request.RequestAborted;

    /// <summary>Whether the request was cancelled (without reading the request's token if no call read it).</summary>
    public bool WasAborted => (_aborted ?? _explicitCancellation).IsCancellationRequested;

    public string Method { get; }

    /// <summary>The public URL (built on first use: the signed-in path does not need it).</summary>
    public Uri Url => _request.Url;

    /// <summary>The request's public origin (<c>scheme://host[:port]</c>).</summary>
    public string Origin => _origin ??= InstanceSettings.OriginOf(Url) ?? Url.GetLeftPart(UriPartial.Authority);

    /// <summary>The parsed query (read only; redirect builders parse their own copy).</summary>
    public QueryString Query => _query ??= _request.Query is { Length: > 0 } query ? QueryString.Parse(query) : QueryString.Empty;

    public string? Accept => Header(ref _accept, HeaderFlags.Accept, Names.Headers.Accept);

    public string? SecFetchDest => Header(ref _secFetchDest, HeaderFlags.SecFetchDest, Names.Headers.SecFetchDest);

    public string? Referrer => Header(ref _referrer, HeaderFlags.Referrer, Names.Headers.Referer);

    public string? OriginHeader => Header(ref _originHeader, HeaderFlags.Origin, Names.Headers.Origin);

    public string? UserAgent => Header(ref _userAgent, HeaderFlags.UserAgent, Names.Headers.UserAgent);

    public IReadOnlyDictionary<string, string> RequestHeaders => _request.Headers;

    public AuthorizationHeaderResult Authorization { get; }

    public string? TokenInHeader => Authorization.Kind == AuthorizationHeaderKind.Token ? Authorization.Value : null;

    /// <summary>An <c>Authorization</c> header that is present but not a well-formed credential.</summary>
    public bool HasMalformedAuthorization => Authorization.Kind == AuthorizationHeaderKind.Malformed;

    public string? SessionTokenInCookie => ReadValues()._sessionTokenInCookie;

    public string? RefreshTokenInCookie => ReadValues()._refreshTokenInCookie;

    public long ClientUat => ReadValues()._clientUat;

    public string? DevBrowserToken => ReadValues()._devBrowserToken;

    public string? HandshakeToken => ReadValues()._handshakeToken;

    public string? HandshakeNonce => ReadValues()._handshakeNonce;

    public int RedirectCount => ReadValues()._redirectCount;

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

    /// <summary>
    /// A known token's shared text (see <see cref="ITokenInterner"/>); its peek is remembered for
    /// the request at the same time, so the checks that follow do not look it up again.
    /// </summary>
    public string? Intern(ReadOnlySpan<char> text)
    {
        if (!_tokens.TryGetKnown(text, out var token, out var known))
        {
            return null;
        }

        Remember(token, known.Peek);
        return token;
    }

    /// <summary>The token core's peek, remembered for the rest of the request.</summary>
    public JwtPeek? Peek(string token)
    {
        if (ReferenceEquals(token, _peeked1))
        {
            return _peek1;
        }

        if (ReferenceEquals(token, _peeked2))
        {
            return _peek2;
        }

        var peek = _tokens.Peek(token);
        Remember(token, peek);
        return peek;
    }

    private void Remember(string token, JwtPeek? peek)
    {
        (_peeked2, _peek2) = (_peeked1, _peek1);
        (_peeked1, _peek1) = (token, peek);
    }

    private string? Header(ref string? field, HeaderFlags flag, string name)
    {
        if ((_read & flag) == 0)
        {
            field = _request.GetHeader(name);
            _read |= flag;
        }

        return field;
    }

    [Flags]
    private enum HeaderFlags
    {
        None = 0,
        Accept = 1,
        SecFetchDest = 2,
        Referrer = 4,
        Origin = 8,
        UserAgent = 16,
    }

    /// <summary>A cookie's value, or null when absent or empty; <paramref name="name"/> is one of <see cref="CookieNames.All"/>.</summary>
    private string? GetCookie(string name)
    {
        var cookies = _cookies ??= _settings.HeaderOnly
            ? []
            : CookieHeaderParser.ParseNamed(_request.GetHeader(Names.Headers.Cookie), _settings.Cookies, this);
        return cookies.Length == 0 ? null : _settings.Cookies.ValueOf(cookies, name);
    }

    /// <summary>Reads the cookie and query values once, on first use (none for a header-only instance).</summary>
    private RequestContext ReadValues()
    {
        if (_valuesRead || _settings.HeaderOnly)
        {
            return this;
        }

        _valuesRead = true;
        _sessionTokenInCookie = GetSuffixedOrUnsuffixed(Names.Cookies.Session);
        _refreshTokenInCookie = GetCookie(_settings.Cookies.SuffixedRefresh);
        _clientUat = StrictNumber.ParseOrZero(GetSuffixedOrUnsuffixed(Names.Cookies.ClientUat), 12);
        _devBrowserToken = NonEmpty(Query.Get(Names.Query.DevBrowser)) ?? GetSuffixedOrUnsuffixed(Names.Cookies.DevBrowser);
        _handshakeToken = NonEmpty(Query.Get(Names.Query.Handshake)) ?? GetCookie(Names.Cookies.Handshake);
        _handshakeNonce = NonEmpty(Query.Get(Names.Query.HandshakeNonce)) ?? GetCookie(Names.Cookies.HandshakeNonce);
        _redirectCount = (int)StrictNumber.ParseOrZero(GetCookie(Names.Cookies.RedirectCount), 3);
        return this;
    }

    private string? GetSuffixedOrUnsuffixed(string baseName) =>
        UsesSuffixedCookies ? GetCookie(_settings.Cookies.Suffixed(baseName)) : GetCookie(baseName);

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The suffixed-cookie chooser (protocol.md §2.5), over this request's cookies.</summary>
    private bool ComputeUsesSuffixed() => CookieFamily.UsesSuffixed<ITokenPeeker>(
        GetCookie(_settings.Cookies.SuffixedClientUat),
        GetCookie(Names.Cookies.ClientUat),
        GetCookie(_settings.Cookies.SuffixedSession),
        GetCookie(Names.Cookies.Session),
        this,
        _settings,
        Now);
}
