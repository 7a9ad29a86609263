using Latchkey.AspNetCore;
using Latchkey.Tokens;

namespace Latchkey.Cli.Diagnostics;

/// <summary>
/// What the tool says about each reason code: a one-line explanation and what to do. One table
/// keyed by the catalogue of reasons the request classifier can report
/// (<see cref="LatchkeyReasonCodes.All"/>: the token-verification reasons, the request-state
/// reasons of protocol §5.11 and Latchkey's own), plus the refresh errors that end the composite
/// <c>session-token-expired-refresh-&lt;x&gt;</c>. <c>latchkey token verify</c> gives
/// <see cref="WhatToDo"/> (it speaks of its own options); <c>latchkey request explain</c> gives
/// <see cref="InApp"/>, which names the app's options. Tests check that every code has an entry
/// and that no entry names another string. The longer catalogue is <c>docs/reason-codes.md</c>.
/// </summary>
/// <param name="Explanation">What the code means, one sentence.</param>
/// <param name="WhatToDo">What to do, in the words of <c>token verify</c>.</param>
/// <param name="WhatToDoInApp">What to do about an app's request, when it differs from <paramref name="WhatToDo"/>.</param>
internal sealed record ReasonGuide(string Explanation, string WhatToDo, string? WhatToDoInApp = null)
{
    /// <summary>The advice for a request to an app (the app's option names).</summary>
    public string InApp => WhatToDoInApp ?? WhatToDo;

    public static IReadOnlyDictionary<string, ReasonGuide> ByCode { get; } = new Dictionary<string, ReasonGuide>(StringComparer.Ordinal)
    {
        [ReasonCodes.TokenInvalid] = new(
            "The input is not a well-formed session token (shape, base64url, JSON, header typ/cat, or a token of another kind).",
            "Pass the raw __session cookie value or the Authorization Bearer token, unchanged and complete; use a session token, not a JWT-template, M2M or OAuth token (--kind template accepts template tokens).",
            "The credential is not a session token: check what the client sends as Authorization: Bearer <token> or in the __session cookie (complete, unchanged); a JWT-template, M2M or OAuth token needs acceptsToken."),
        [ReasonCodes.TokenInvalidAlgorithm] = new(
            "The header alg is not allowed, or not allowed for the key that matched the kid.",
            "Sign with the instance key's own algorithm (RS256 by default); alg none, HMAC and algorithms of another key family are never accepted."),
        [ReasonCodes.TokenInvalidSignature] = new(
            "The signature does not verify with the key selected by the kid.",
            "Check that the keys belong to the instance that minted the token (the right JWKS URL or PEM); after a key change, sign in again. A changed byte anywhere in the token also gives this.",
            "Check that jwtKey (or the JWKS at apiUrl) belongs to the instance that minted the token, the one the publishable key names; after a key change, sign in again."),
        [ReasonCodes.TokenInvalidIssuer] = new(
            "The iss claim is missing or not exactly one of the expected issuers.",
            "Pass the Frontend API URL that mints the tokens with --issuer (scheme included, no trailing slash); in an app, configure that URL as the issuer.",
            "Set frontendApiUrl to the URL in the token's iss (the Frontend API that mints the tokens, scheme included); by default it is https://<host from the publishable key>."),
        [ReasonCodes.TokenInvalidAuthorizedParties] = new(
            "The azp claim is missing or not one of the authorized parties.",
            "Add the app's exact origin (scheme, host and port) with --authorized-party; in an app, add it to the authorized parties.",
            "Add the app's exact origin (scheme, host and port, e.g. http://127.0.0.1:5200) to authorizedParties."),
        [ReasonCodes.TokenExpired] = new(
            "The token's exp is in the past, beyond the clock skew.",
            "Session tokens live 60 s and the browser SDK refreshes them; get a fresh token. If it expired while still in use, check the clocks of the machines (NTP)."),
        [ReasonCodes.TokenNotActiveYet] = new(
            "The token's nbf is in the future, beyond the clock skew.",
            "The verifying clock is behind the minting server's: synchronise the clocks (NTP); a larger --clock-skew (at most 300 s) is only a stopgap.",
            "This machine's clock is behind the minting server's: synchronise the clocks (NTP); a larger clockSkewInMs (at most 300000) is only a stopgap."),
        [ReasonCodes.TokenIatInTheFuture] = new(
            "The token's iat is in the future, beyond the clock skew.",
            "The verifying clock is behind the minting server's: synchronise the clocks (NTP)."),
        [ReasonCodes.TokenVerificationFailed] = new(
            "The signature holds, but a claim is missing or malformed (sub, sid, exp, aud, or a known claim of the wrong type).",
            "Read the message: it names the claim. A token without sid is not a session token; with --audience, the token must carry a matching aud.",
            "Read the message: it names the claim. A token without sid is not a session token; with audience set, the token must carry a matching aud."),
        [ReasonCodes.SecretKeyInvalid] = new(
            "The Backend API refused the secret key.",
            "Use the instance's current secret key (sk_test_... or sk_live_...).",
            "Set secretKey to the instance's current secret key (sk_test_... or sk_live_...), and apiUrl to that instance's Backend API."),
        [ReasonCodes.JwkLocalMissing] = new(
            "Networkless verification was asked for, but no PEM public key is configured.",
            "Pass the instance's SPKI PEM public key with --pem, or its JWKS with --jwks.",
            "Set jwtKey to the instance's SPKI PEM public key, or leave it out to use the remote JWKS."),
        [ReasonCodes.JwkRemoteFailedToLoad] = new(
            "The JWKS could not be fetched, or it held no keys.",
            "Check the JWKS URL and that the server is reachable from here.",
            "Check apiUrl and secretKey and that the server answers GET <apiUrl>/v1/jwks from here (the network lines show the attempts); or set jwtKey for networkless verification."),
        [ReasonCodes.JwkRemoteInvalid] = new(
            "The fetched JWKS is not a valid JWK Set.",
            "Point --jwks at the server's /.well-known/jwks.json (or the Backend API /v1/jwks), not at an HTML page.",
            "Point apiUrl at the Backend API base (the JWKS is read from <apiUrl>/v1/jwks), not at an HTML page or a proxy."),
        [ReasonCodes.JwkRemoteMissing] = new(
            "The JWKS holds no key usable for the token.",
            "Publish the instance's RSA-2048 (or stronger) signing key in the JWKS."),
        [ReasonCodes.JwkFailedToResolve] = new(
            "No key source is configured: neither a PEM public key nor a secret key for the remote JWKS.",
            "Pass --pem or --jwks; in an app, configure the PEM public key or the secret key.",
            "Set jwtKey (networkless), or secretKey for the remote JWKS."),
        [ReasonCodes.JwkKidMismatch] = new(
            "No key of the key set has exactly the token's kid (or the token has no kid).",
            "Use the JWKS of the instance that minted the token; after a key rotation fetch the JWKS again. With only the PEM key at hand, --pem accepts any kid.",
            "The token comes from another instance or a rotated key: check that the publishable key, secretKey and apiUrl (or jwtKey) belong to the instance that minted it; after a key rotation, sign in again."),

        // ---- Request states (protocol §5.11) ----
        [ReasonCodes.ClientUatButNoSessionToken] = new(
            "__client_uat says the browser is signed in, but the request has no __session cookie.",
            "A page navigation bounces through the handshake for a fresh token; an API call gets 401 and the browser SDK refreshes and retries. If it persists, the __session cookie does not reach this app (another host, cookie domain or path)."),
        [ReasonCodes.DevBrowserMissing] = new(
            "Development instance: the request carries no dev-browser token (the __clerk_db_jwt cookie or query parameter).",
            "Expected on a first visit: the handshake sets it up. If it loops, open the app once with the browser SDK loaded, and use one host name for every part (127.0.0.1, never mixed with localhost)."),
        [ReasonCodes.DevBrowserSync] = new(
            "Development instance: a dev-browser token arrived in the query string (__clerk_db_jwt).",
            "Expected on the way back from the Frontend API: the handshake stores it as a cookie and cleans the URL."),
        [ReasonCodes.PrimaryRespondsToSyncing] = new(
            "This primary app answers a satellite's sync request (__clerk_redirect_url).",
            "Expected in a satellite's sign-in flow: the redirect goes back to the satellite with the dev-browser token."),
        [ReasonCodes.PrimaryDomainCrossOriginSync] = new(
            "A page navigation reached this primary app from another site (a Referer of another origin), so the session is synced first.",
            "Expected after following a link from a satellite; if it loops, check the satellite's configuration (isSatellite, domain, proxyUrl)."),
        [ReasonCodes.SatelliteNeedsSyncing] = new(
            "This satellite app has no session state yet and must sync with the primary app.",
            "Expected on a first visit: the redirect syncs with the primary. Check isSatellite, domain or proxyUrl, and for development signInUrl."),
        [ReasonCodes.SessionTokenAndUatMissing] = new(
            "No Authorization token, no __session cookie and no non-zero __client_uat: the visitor is signed out.",
            "Sign in. If you are signed in elsewhere, the cookies do not reach this app (another host, a cookie domain that does not cover it); a cross-origin API needs Authorization: Bearer <token>."),
        [ReasonCodes.SessionTokenMissing] = new(
            "A handshake completed but returned no session cookie: the user is signed out at the server, or the handshake payload could not be fetched.",
            "Sign in again. If the network lines show that fetching the handshake payload failed, check apiUrl and secretKey."),
        [ReasonCodes.SessionTokenExpired] = new(
            "The session token expired and no server-side refresh happened.",
            "Tokens live 60 s and the browser SDK refreshes them: page navigations bounce through the handshake, API calls get 401 and the SDK retries. If fresh tokens are refused too, compare this machine's clock with the server's (NTP)."),
        [ReasonCodes.SessionTokenIatBeforeClientUat] = new(
            "The cookie token was minted before the last change of the client (its iat is before __client_uat): a sign-in, sign-out or session switch happened since.",
            "A page navigation bounces through the handshake for a fresh token; an API call gets 401 and the browser SDK refreshes. If it persists, this app sees an old __session (another cookie domain or path holds a newer one)."),
        [ReasonCodes.SessionTokenNbf] = new(
            "The session token is not valid yet (its nbf is in the future, beyond the clock skew).",
            "This machine's clock is behind the minting server's: synchronise the clocks (NTP)."),
        [ReasonCodes.SessionTokenIatInTheFuture] = new(
            "The session token's iat is in the future, beyond the clock skew.",
            "This machine's clock is behind the minting server's: synchronise the clocks (NTP)."),
        [ReasonCodes.SessionTokenButNoClientUat] = new(
            "A __session cookie is present but __client_uat is missing or 0: the browser signed out, or its cookies were partly cleared.",
            "A page navigation bounces through the handshake to settle the state. If it persists, __client_uat is not set on a domain that covers this app."),
        [ReasonCodes.ActiveOrganizationMismatch] = new(
            "The URL names another organization than the token's active one (organizationSyncOptions).",
            "Expected: the handshake activates that organization. If it loops, check the patterns and that the user is a member of it."),
        [ReasonCodes.TokenTypeMismatch] = new(
            "The credential is of a kind this app does not accept (an API key, M2M or OAuth token, or a JWT-template token where a session token is expected, or the reverse).",
            "Send a session token, or add the token's kind to acceptsToken."),
        [ReasonCodes.UnexpectedError] = new(
            "The classification failed unexpectedly.",
            "A bug or a failing dependency: read the package log lines, and report it if they do not explain it."),
        [ReasonCodes.NoTokenInHeader] = new(
            "Only machine tokens are accepted (acceptsToken api_key, m2m_token or oauth_token) and the request has no Authorization token; machine tokens are never read from cookies.",
            "Send Authorization: Bearer <token>, or accept session_token too."),

        // ---- Latchkey's own ----
        [LatchkeyReasonCodes.RedirectUrlNotAllowed] = new(
            "A sync redirect target (__clerk_redirect_url) names an origin that is not allowed; Latchkey never follows it, since it would carry the dev-browser token there.",
            "If that origin is your satellite app, add it to allowedRedirectOrigins."),
        [LatchkeyReasonCodes.SessionRevoked] = new(
            "The token is valid but its session was revoked (the revocation feed said so).",
            "Sign in again."),
        [LatchkeyReasonCodes.SessionPending] = new(
            "The token is valid but its session is pending (sts: pending, tasks left such as choosing an organization), and pending sessions are treated as signed out.",
            "Finish the session's tasks in the browser, or set treatPendingAsSignedOut to false."),
    };

    /// <summary>What each refresh error (the end of <c>session-token-expired-refresh-&lt;x&gt;</c>) means, protocol §5.7.</summary>
    public static IReadOnlyDictionary<string, string> RefreshErrors { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ReasonCodes.RefreshNonEligibleNoRefreshCookie] = "no __refresh cookie, so no server-side refresh was tried (the usual case)",
        [ReasonCodes.RefreshNonEligibleNonGet] = "the request is not a GET, so no server-side refresh was tried",
        [ReasonCodes.RefreshInvalidSessionToken] = "the refresh returned a session token that does not verify",
        [ReasonCodes.RefreshMissingApiClient] = "no Backend API client is configured, so no refresh was possible",
        [ReasonCodes.RefreshMissingSessionToken] = "there was no expired token to refresh",
        [ReasonCodes.RefreshMissingRefreshToken] = "there was no refresh token",
        [ReasonCodes.RefreshExpiredSessionTokenDecodeFailed] = "the expired token does not decode",
        [ReasonCodes.RefreshExpiredSessionTokenMissingSidClaim] = "the expired token has no sid",
        [ReasonCodes.RefreshFetchError] = "the Backend API call for the refresh failed (unreachable, or it answered unexpected_error)",
        [ReasonCodes.RefreshUnexpectedSdkError] = "the refresh failed inside the package",
        [ReasonCodes.RefreshUnexpectedBapiError] = "the Backend API answered the refresh without an error envelope",
    };

    /// <summary>
    /// The guide for a reason: the table's entry; for <c>session-token-expired-refresh-&lt;x&gt;</c>
    /// the expiry entry with what <c>x</c> says; a neutral one for a code outside the catalogue.
    /// </summary>
    public static ReasonGuide For(string reason)
    {
        if (ByCode.TryGetValue(reason, out ReasonGuide? guide))
        {
            return guide;
        }

        if (LatchkeyReasonCodes.TryGetRefreshError(reason, out string? refreshError))
        {
            ReasonGuide expired = ByCode[ReasonCodes.SessionTokenExpired];
            string why = RefreshErrors.TryGetValue(refreshError, out string? meaning)
                ? meaning
                : $"the Backend API refused the refresh with the code \"{refreshError}\"";
            return expired with { Explanation = $"The session token expired; {why}." };
        }

        return new ReasonGuide("The token or request was rejected for a reason this tool does not know.", "See docs/reason-codes.md for this code.");
    }

    /// <summary>Whether <paramref name="reason"/> has an entry of its own (not the neutral fallback).</summary>
    public static bool IsKnown(string reason) =>
        ByCode.ContainsKey(reason) || (LatchkeyReasonCodes.TryGetRefreshError(reason, out string? refreshError) && RefreshErrors.ContainsKey(refreshError));
}
