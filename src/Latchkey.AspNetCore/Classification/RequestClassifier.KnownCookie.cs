using System.Runtime.CompilerServices;
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

        // What the header says (which token, which __client_uat) depends on the header alone: on a
        // production instance none of the rules that choose the cookie family reads the clock. A
        // header string seen before (Kestrel hands a keep-alive connection the same string while
        // its bytes repeat) is not scanned again; everything that depends on the time, the keys or
        // revocation is still checked below on every request.
        var hash = RuntimeHelpers.GetHashCode(cookieHeader);
        var memo = _cookieMemo.Find(cookieHeader, hash);
        if (memo is null)
        {
            memo = ScanKnownCookies(cookieHeader, now);
            if (memo is null)
            {
                return null;
            }

            if (cookieHeader.Length <= MaxMemoHeaderLength)
            {
                _cookieMemo.Store(hash, memo);
            }
        }

        var (token, known) = (memo.Token, memo.Known);
        if ((known.Peek.Iat is { } iat && iat < memo.ClientUat)
            || !_tokens.TryVerifyKnownSessionToken(token, known, now, out var check)
            || !check.IsValid
            || check.Claims!.AuthorizedParty is null)
        {
            return null;
        }

        return AcceptSession(token, check.Claims, null);
    }

    /// <summary>
    /// The header's part of the shortcut: the token of the cookie family §2.5 chooses, known to
    /// the token core and of the session kind, and its non-zero <c>__client_uat</c>; null when
    /// the header is anything else (then the full path decides).
    /// </summary>
    private KnownCookieMemo? ScanKnownCookies(string cookieHeader, DateTimeOffset now)
    {
        // The header is scanned once for the cookies the classifier reads, and nothing is copied
        // out of it: a known token's text is the token core's own string, a __client_uat value is
        // read where it stands. Anything the full path would decode (a '%' escape) or judge from
        // a token it does not know is left to the full path.
        var names = _settings.Cookies;
        Span<Range> ranges = stackalloc Range[CookieNames.Count];
        CookieHeaderParser.FindNamed(cookieHeader, names, ranges);
        var header = cookieHeader.AsSpan();
        if (!header[ranges[CookieNames.HandshakeIndex]].IsEmpty || !header[ranges[CookieNames.HandshakeNonceIndex]].IsEmpty)
        {
            return null;
        }

        var uat = header[ranges[CookieNames.ClientUatIndex]];
        var suffixedUat = header[ranges[CookieNames.SuffixedClientUatIndex]];
        if (!KnownOrAbsent(header[ranges[CookieNames.SessionIndex]], out var session, out var sessionKnown)
            || !KnownOrAbsent(header[ranges[CookieNames.SuffixedSessionIndex]], out var suffixedSession, out var suffixedKnown)
            || uat.Contains('%') || suffixedUat.Contains('%'))
        {
            return null;
        }

        var suffixed = CookieFamily.UsesSuffixed(suffixedUat, uat, suffixedSession, session, new KnownPeeks(session, sessionKnown, suffixedSession, suffixedKnown), _settings, now);
        var (token, known) = suffixed ? (suffixedSession, suffixedKnown) : (session, sessionKnown);
        var clientUat = StrictNumber.ParseOrZero(suffixed ? suffixedUat : uat, 12);
        return token is null || known is null || clientUat == 0 || !known.Peek.IsSessionKind
            ? null
            : new KnownCookieMemo(cookieHeader, token, known, clientUat);
    }

    /// <summary>
    /// Headers longer than this are scanned every time, never kept: the memo then holds at most
    /// <see cref="HeaderMemo{T}.Slots"/> headers of at most this many characters (1 MiB of UTF-16
    /// text), whatever the requests send.
    /// </summary>
    private const int MaxMemoHeaderLength = 2048;

    private readonly HeaderMemo<KnownCookieMemo> _cookieMemo = new();

    /// <summary>What one <c>Cookie</c> header string says, for the shortcut (immutable: slots are replaced whole).</summary>
    private sealed class KnownCookieMemo(string header, string token, KnownToken known, long clientUat) : HeaderMemoEntry(header)
    {
        public string Token { get; } = token;

        public KnownToken Known { get; } = known;

        public long ClientUat { get; } = clientUat;
    }

    /// <summary>
    /// A session cookie's raw value as the fast path takes it: absent (empty: null token), or a
    /// token the token core knows (its own string and entry); false for anything else.
    /// </summary>
    private bool KnownOrAbsent(ReadOnlySpan<char> value, out string? token, out KnownToken? known)
    {
        token = null;
        known = null;
        return value.IsEmpty || (value.Length >= CookieHeaderParser.MinInternedLength && _tokens.TryGetKnown(value, out token, out known));
    }

    /// <summary>The peeks of the (at most two) known session tokens of a request, for the cookie-family rules.</summary>
    private readonly struct KnownPeeks(string? token1, KnownToken? known1, string? token2, KnownToken? known2) : ITokenPeeker
    {
        public JwtPeek? Peek(string token) =>
            ReferenceEquals(token, token1) ? known1?.Peek : ReferenceEquals(token, token2) ? known2?.Peek : null;
    }
}
