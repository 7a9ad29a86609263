using Latchkey.AspNetCore.Internal;
using Latchkey.AspNetCore.Tokens;

namespace Latchkey.AspNetCore.Classification;

/// <summary>
/// The signed-in same-origin API call, decided without building a request context: the cookie
/// path (§5.6) for the one shape in which its checks C1–C17 all pass through, read from the
/// <c>Cookie</c> header alone.
/// </summary>
internal sealed partial class RequestClassifier
{
    /// <summary>
    /// Whether <see cref="TryClassifyKnownCookie"/> can ever answer for this instance: a production,
    /// non-satellite instance that accepts session tokens only and has no organization-sync
    /// patterns. (Development instances read the dev browser and the query on every request;
    /// satellites sync; organization sync reads the URL.)
    /// </summary>
    public bool ReadsKnownCookies => _readsKnownCookies;

    /// <summary>
    /// The cookie path for a request that the full path would sign in without any decision in
    /// between: no <c>Authorization</c> header and no query string (the caller checks both), not a
    /// GET page navigation (<c>Sec-Fetch-Dest: document</c>, the case of C16 and of handshakes),
    /// no handshake cookie (C1), a session token and a non-zero <c>__client_uat</c> in the family
    /// §2.5 chooses (C8–C10), a token that verified before (C11) of the session kind (C12), issued
    /// no earlier than <c>__client_uat</c> (C13), valid now with keys at hand (C14), with an
    /// <c>azp</c> (C15 only warns when it lacks one). Then the state is the full path's (C18,
    /// revocation included). In every other case it returns false and the caller classifies fully.
    /// </summary>
    /// <param name="method">The request method.</param>
    /// <param name="cookieHeader">The request's single <c>Cookie</c> header.</param>
    /// <param name="secFetchDest">The single <c>Sec-Fetch-Dest</c> value (read for GET only), or null.</param>
    /// <param name="hasOtherSecFetchDest">Whether <c>Sec-Fetch-Dest</c> is repeated (then it is not decided here).</param>
    /// <param name="now">The time to judge at.</param>
    /// <param name="state">The state, when true.</param>
    public bool TryClassifyKnownCookie(string method, string cookieHeader, string? secFetchDest, bool hasOtherSecFetchDest, DateTimeOffset now, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LatchkeyRequestState? state)
    {
        try
        {
            state = KnownCookieState(method, cookieHeader, secFetchDest, hasOtherSecFetchDest, now);
        }
        catch (Exception)
        {
            // Anything unexpected (a revocation source that throws, say): the full path classifies
            // again and turns it into unexpected-error, logged, as for any other request.
            state = null;
        }

        if (state is null)
        {
            return false;
        }

        Log.Classified(_logger, state.StatusText, state.Reason ?? "-");
        return true;
    }

    private LatchkeyRequestState? KnownCookieState(string method, string cookieHeader, string? secFetchDest, bool hasOtherSecFetchDest, DateTimeOffset now)
    {
        if (!ReadsKnownCookies || (method == "GET" && (hasOtherSecFetchDest || secFetchDest == "document")))
        {
            return null;
        }

        // The thread's scratch (nothing here awaits): the parsed values, and the entries of the
        // tokens found known while parsing, so that no token is looked up twice. Taken out while
        // in use, so a call made from inside (a revocation source that classifies) gets its own.
        var scratch = t_scratch ?? new KnownTokenScratch();
        t_scratch = null;
        scratch.Tokens = _tokens;
        try
        {
            return KnownCookieState(scratch, cookieHeader, now);
        }
        finally
        {
            scratch.Clear();
            t_scratch = scratch;
        }
    }

    private LatchkeyRequestState? KnownCookieState(KnownTokenScratch scratch, string cookieHeader, DateTimeOffset now)
    {
        var names = _settings.Cookies;
        var cookies = scratch.Values;
        CookieHeaderParser.ParseNamed(cookieHeader, names, scratch, cookies);
        if (names.ValueOf(cookies, Names.Cookies.Handshake) is not null || names.ValueOf(cookies, Names.Cookies.HandshakeNonce) is not null)
        {
            return null;
        }

        var suffixed = CookieFamily.UsesSuffixed(
            names.ValueOf(cookies, names.SuffixedClientUat),
            names.ValueOf(cookies, Names.Cookies.ClientUat),
            names.ValueOf(cookies, names.SuffixedSession),
            names.ValueOf(cookies, Names.Cookies.Session),
            scratch,
            _settings,
            now);
        var token = names.ValueOf(cookies, suffixed ? names.SuffixedSession : Names.Cookies.Session);
        var clientUat = StrictNumber.ParseOrZero(names.ValueOf(cookies, suffixed ? names.SuffixedClientUat : Names.Cookies.ClientUat), 12);
        if (token is null || clientUat == 0
            || scratch.Known(token) is not { } known
            || !known.Peek.IsSessionKind
            || (known.Peek.Iat is { } iat && iat < clientUat)
            || !_tokens.TryVerifyKnownSessionToken(token, known, now, out var check)
            || !check.IsValid
            || check.Claims!.AuthorizedParty is null)
        {
            return null;
        }

        return AcceptSession(token, check.Claims, null);
    }

    [ThreadStatic]
    private static KnownTokenScratch? t_scratch;

    /// <summary>
    /// One thread's working memory for <see cref="TryClassifyKnownCookie"/>: the parsed cookie
    /// values, and the known tokens met while parsing with their entries (it shares their text out
    /// of the header, as the request context does). Cleared after every use, so it keeps no token
    /// from one request to the next.
    /// </summary>
    private sealed class KnownTokenScratch : ITokenInterner, ITokenPeeker
    {
        private string? _token1;
        private KnownToken? _known1;
        private string? _token2;
        private KnownToken? _known2;

        public ITokenCore? Tokens { get; set; }

        public string?[] Values { get; } = new string?[CookieNames.Count];

        public string? Intern(ReadOnlySpan<char> text)
        {
            if (!Tokens!.TryGetKnown(text, out var token, out var known))
            {
                return null;
            }

            (_token2, _known2) = (_token1, _known1);
            (_token1, _known1) = (token, known);
            return token;
        }

        /// <summary>The entry of a token found known while parsing; null for any other text.</summary>
        public KnownToken? Known(string token) =>
            ReferenceEquals(token, _token1) ? _known1 : ReferenceEquals(token, _token2) ? _known2 : null;

        public JwtPeek? Peek(string token) => Known(token)?.Peek ?? Tokens!.Peek(token);

        public void Clear()
        {
            Array.Clear(Values);
            (_token1, _known1, _token2, _known2) = (null, null, null, null);
            Tokens = null;
        }
    }
}
