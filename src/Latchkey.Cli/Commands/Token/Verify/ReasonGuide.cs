using Latchkey.Tokens;

namespace Latchkey.Cli.Commands.Token.Verify;

/// <summary>
/// What the tool says about each token-verification reason: a one-line explanation and what to
/// do. One table keyed by the <see cref="ReasonCodes"/> catalogue; a test checks that every code
/// of <see cref="ReasonCodes.TokenVerification"/> has an entry and that no entry names another
/// string. The longer catalogue (typical causes) is <c>docs/reason-codes.md</c>.
/// </summary>
internal sealed record ReasonGuide(string Explanation, string WhatToDo)
{
    public static IReadOnlyDictionary<string, ReasonGuide> ByCode { get; } = new Dictionary<string, ReasonGuide>(StringComparer.Ordinal)
    {
        [ReasonCodes.TokenInvalid] = new(
            "The input is not a well-formed session token (shape, base64url, JSON, header typ/cat, or a token of another kind).",
            "Pass the raw __session cookie value or the Authorization Bearer token, unchanged and complete; use a session token, not a JWT-template, M2M or OAuth token (--kind template accepts template tokens)."),
        [ReasonCodes.TokenInvalidAlgorithm] = new(
            "The header alg is not allowed, or not allowed for the key that matched the kid.",
            "Sign with the instance key's own algorithm (RS256 by default); alg none, HMAC and algorithms of another key family are never accepted."),
        [ReasonCodes.TokenInvalidSignature] = new(
            "The signature does not verify with the key selected by the kid.",
            "Check that the keys belong to the instance that minted the token (the right JWKS URL or PEM); after a key change, sign in again. A changed byte anywhere in the token also gives this."),
        [ReasonCodes.TokenInvalidIssuer] = new(
            "The iss claim is missing or not exactly one of the expected issuers.",
            "Pass the Frontend API URL that mints the tokens with --issuer (scheme included, no trailing slash); in an app, configure that URL as the issuer."),
        [ReasonCodes.TokenInvalidAuthorizedParties] = new(
            "The azp claim is missing or not one of the authorized parties.",
            "Add the app's exact origin (scheme, host and port) with --authorized-party; in an app, add it to the authorized parties."),
        [ReasonCodes.TokenExpired] = new(
            "The token's exp is in the past, beyond the clock skew.",
            "Session tokens live 60 s and the browser SDK refreshes them; get a fresh token. If it expired while still in use, check the clocks of the machines (NTP)."),
        [ReasonCodes.TokenNotActiveYet] = new(
            "The token's nbf is in the future, beyond the clock skew.",
            "The verifying clock is behind the minting server's: synchronise the clocks (NTP); a larger --clock-skew (at most 300 s) is only a stopgap."),
        [ReasonCodes.TokenIatInTheFuture] = new(
            "The token's iat is in the future, beyond the clock skew.",
            "The verifying clock is behind the minting server's: synchronise the clocks (NTP)."),
        [ReasonCodes.TokenVerificationFailed] = new(
            "The signature holds, but a claim is missing or malformed (sub, sid, exp, aud, or a known claim of the wrong type).",
            "Read the message: it names the claim. A token without sid is not a session token; with --audience, the token must carry a matching aud."),
        [ReasonCodes.SecretKeyInvalid] = new(
            "The Backend API refused the secret key.",
            "Use the instance's current secret key (sk_test_... or sk_live_...)."),
        [ReasonCodes.JwkLocalMissing] = new(
            "Networkless verification was asked for, but no PEM public key is configured.",
            "Pass the instance's SPKI PEM public key with --pem, or its JWKS with --jwks."),
        [ReasonCodes.JwkRemoteFailedToLoad] = new(
            "The JWKS could not be fetched, or it held no keys.",
            "Check the JWKS URL and that the server is reachable from here."),
        [ReasonCodes.JwkRemoteInvalid] = new(
            "The fetched JWKS is not a valid JWK Set.",
            "Point --jwks at the server's /.well-known/jwks.json (or the Backend API /v1/jwks), not at an HTML page."),
        [ReasonCodes.JwkRemoteMissing] = new(
            "The JWKS holds no key usable for the token.",
            "Publish the instance's RSA-2048 (or stronger) signing key in the JWKS."),
        [ReasonCodes.JwkFailedToResolve] = new(
            "No key source is configured: neither a PEM public key nor a secret key for the remote JWKS.",
            "Pass --pem or --jwks; in an app, configure the PEM public key or the secret key."),
        [ReasonCodes.JwkKidMismatch] = new(
            "No key of the key set has exactly the token's kid (or the token has no kid).",
            "Use the JWKS of the instance that minted the token; after a key rotation fetch the JWKS again. With only the PEM key at hand, --pem accepts any kid."),
    };

    /// <summary>The guide for a reason, or a neutral one for a code outside the table.</summary>
    public static ReasonGuide For(string reason) =>
        ByCode.TryGetValue(reason, out ReasonGuide? guide)
            ? guide
            : new ReasonGuide("The token was rejected.", "See docs/reason-codes.md for this code.");
}
