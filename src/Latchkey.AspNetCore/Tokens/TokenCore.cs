using System.Runtime.CompilerServices;
using Latchkey.AspNetCore.Internal;
using Latchkey.AspNetCore.Keys;
using Latchkey.Tokens;

namespace Latchkey.AspNetCore.Tokens;

/// <summary>
/// <see cref="ITokenCore"/> over <c>Latchkey.Tokens</c>: one verifier per instance (issuer,
/// parties, audience, skew) with the verified-token cache in front, and the instance's keys
/// (a PEM key set, or the remote JWKS cache).
/// </summary>
/// <remarks>
/// The hot path (a signed-in request with a token seen before) decodes nothing: the token's peek
/// comes from <see cref="KnownTokens"/>, validity from the verified-token cache (which re-checks
/// times and keys on every hit), and the mapped claims are made once per verified claims object.
/// </remarks>
internal sealed class TokenCore : ITokenCore
{
    private readonly TokenVerifier _verifier;
    private readonly VerifiedTokenCache _cache;
    private readonly VerifiedTokenCacheOptions _cacheOptions;
    private readonly VerificationKeySet? _pemKeys;
    private readonly RemoteKeyCache? _remote;
    private readonly KnownTokens _known = new();
    private readonly TimeSpan _clockSkew;

    // The answer for a verified claims object, made once: it lives as long as the verified-token
    // cache holds that object (the cache returns the same instance on every hit).
    private readonly ConditionalWeakTable<SessionClaims, TokenCheck> _valid = new();

    public TokenCore(TokenValidationOptions options, VerificationKeySet? pemKeys, RemoteKeyCache? remote, TimeProvider time)
    {
        _verifier = new TokenVerifier(options, new RequestClock(time));
        _clockSkew = options.ClockSkew;
        _cacheOptions = new VerifiedTokenCacheOptions();
        _cache = new VerifiedTokenCache(_verifier, _cacheOptions);
        _pemKeys = pemKeys;
        _remote = remote;
    }

    public bool TryGetKnown(ReadOnlySpan<char> text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? token, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KnownToken? known) =>
        _known.TryGetKnown(text, out token, out known);

    /// <summary>Builds the verifier options of an instance: the Frontend API URL as the only issuer.</summary>
    public static TokenValidationOptions CreateValidationOptions(string issuer, IEnumerable<string> authorizedParties, IEnumerable<string> audience, TimeSpan clockSkew)
    {
        var options = new TokenValidationOptions { ClockSkew = clockSkew };
        if (string.IsNullOrEmpty(issuer))
        {
            // No Frontend API URL: only a scheme that accepts exactly api_key or m2m_token may omit the
            // publishable key (§5.2), and such a scheme never verifies a session token (§5.4 step 2),
            // so nothing is accepted without an issuer check. Without this the builder threw.
            options.ValidateIssuer = false;
        }
        else
        {
            options.ValidIssuers.Add(issuer);
        }

        foreach (var party in authorizedParties)
        {
            options.AuthorizedParties.Add(party);
        }

        foreach (var aud in audience)
        {
            options.Audiences.Add(aud);
        }

        return options;
    }

    public bool UsesRemoteKeys => _pemKeys is null;

    public JwtPeek? Peek(string token) =>
        _known.TryGetPeek(token, out var peek) ? peek : Decode(token);

    private static JwtPeek? Decode(string token) =>
        JwtDecoder.TryDecode(token, out var decoded) ? ClaimsMapper.ToPeek(decoded) : null;

    public ValueTask<TokenCheck> VerifySessionTokenAsync(string token, DateTimeOffset now, CancellationToken cancellationToken) =>
        _pemKeys is not null
            ? new ValueTask<TokenCheck>(Verify(token, _pemKeys, now)) // networkless: no await at all
            : VerifyWithRemoteKeysAsync(token, now, cancellationToken);

    public bool TryVerifyKnownSessionToken(string token, KnownToken known, DateTimeOffset now, out TokenCheck check)
    {
        // An expired token is left to the full path, which explains it: verifying it here first
        // would cost a second signature check (the verified-token cache drops an expired entry
        // and verifies again to report why).
        var peek = known.Peek;
        var nowMs = now.ToUnixTimeMilliseconds();
        if (peek.Exp is not { } exp || exp * 1000 <= nowMs - (long)_clockSkew.TotalMilliseconds)
        {
            check = null!;
            return false;
        }

        var keys = _pemKeys ?? (_remote is not null && _remote.TryGetFresh(peek.Kid, out var remote) ? remote as VerificationKeySet : null);
        if (keys is null)
        {
            check = null!;
            return false;
        }

        // The token's last verification, still in the verified-token cache and valid now under
        // the cache's own rules: the same answer a lookup would give, without the lookup.
        if (known.Verified is { } verified && _cache.TryHit(verified.Entry, keys, nowMs, out _))
        {
            check = verified.Check;
            return true;
        }

        check = Verify(token, keys, now, known);
        return true;
    }

    private async ValueTask<TokenCheck> VerifyWithRemoteKeysAsync(string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keys = await GetKeysAsync(token, cancellationToken).ConfigureAwait(false);
        return keys.Keys is null ? TokenCheck.Invalid(keys.Reason!, keys.Message!) : Verify(token, keys.Keys, now);
    }

    /// <summary>
    /// Verifies through the verified-token cache. A valid answer that the cache holds is kept on
    /// the token's <see cref="KnownToken"/> (<paramref name="known"/> when the caller has it; made
    /// and remembered when the claims are new, i.e. the token was just verified in full).
    /// </summary>
    private TokenCheck Verify(string token, VerificationKeySet keys, DateTimeOffset now, KnownToken? known = null)
    {
        TokenVerificationResult result;
        CachedVerification? cached;
        using (RequestClock.Use(now))
        {
            result = _cache.Verify(token, keys, out cached);
        }

        if (!result.IsValid)
        {
            return TokenCheck.Invalid(result.Reason!, Capitalize(result.Message!));
        }

        var claims = result.Claims!;
        if (_valid.TryGetValue(claims, out var check))
        {
            if (known is not null && cached is not null && known.Verified?.Entry != cached)
            {
                known.Verified = new KnownVerification(cached, check);
            }

            return check;
        }

        check = _valid.GetValue(claims, static c => TokenCheck.Valid(ClaimsMapper.ToSessionClaims(c)));
        // Tokens the verified cache does not hold (too long, cache full) are verified in full each
        // time; remembering them would only add a decode per request.
        if (cached is not null)
        {
            known ??= Decode(token) is { } peek ? _known.Remember(token, peek, now.ToUnixTimeMilliseconds()) : null;
            known?.Verified = new KnownVerification(cached, check);
        }

        return check;
    }

    public async ValueTask<HandshakePayloadCheck> VerifyHandshakePayloadAsync(string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keys = await GetKeysAsync(token, cancellationToken).ConfigureAwait(false);
        if (keys.Keys is null)
        {
            return new HandshakePayloadCheck(null, keys.Reason, keys.Message);
        }

        var result = _verifier.VerifySignature(token, keys.Keys);
        if (!result.IsValid)
        {
            return new HandshakePayloadCheck(null, result.Reason, result.Message);
        }

        if (!JwtDecoder.TryDecode(token, out var decoded))
        {
            return new HandshakePayloadCheck(null, Reasons.TokenInvalid, "The handshake payload does not decode.");
        }

        // The payload is a bearer of cookies: a stale one replayed from a URL or a leftover cookie
        // must not set them again. Latchkey's server always writes exp; a payload without it (the
        // reference's servers) is accepted as the reference does.
        if (decoded.Claims.ExpiresAt is { } exp && exp <= now - _clockSkew)
        {
            var age = (long)(now - exp).TotalSeconds;
            return new HandshakePayloadCheck(null, Reasons.TokenExpired,
                $"The handshake payload expired {age} s ago (exp {exp.ToUnixTimeSeconds()}, this machine's clock {now.ToUnixTimeSeconds()}); start a new handshake, and check the clock if this repeats.");
        }

        var directives = new List<string>();
        if (decoded.Claims.TryGetClaim("handshake", out var handshake) && handshake.ValueKind == System.Text.Json.JsonValueKind.Array)
        {
            foreach (var item in handshake.EnumerateArray())
            {
                if (item.ValueKind == System.Text.Json.JsonValueKind.String)
                {
                    directives.Add(item.GetString()!);
                }
            }
        }

        return new HandshakePayloadCheck(directives, null, null);
    }

    public ValueTask<MachineCheck> VerifyMachineJwtAsync(string token, LatchkeyTokenTypes type, DateTimeOffset now, CancellationToken cancellationToken) =>
        // The token core verifies session and template tokens only; M2M and OAuth access-token
        // JWTs need its support before they can be accepted here. Refused, never half-checked.
        ValueTask.FromResult(MachineCheck.Failed(type, Reasons.TokenVerificationFailed,
            "Verifying M2M and OAuth access-token JWTs locally is not supported yet; use opaque machine tokens (mt_, oat_, ak_)."));

    private async ValueTask<(VerificationKeySet? Keys, string? Reason, string? Message)> GetKeysAsync(string token, CancellationToken cancellationToken)
    {
        if (_pemKeys is not null)
        {
            return (_pemKeys, null, null);
        }

        if (_remote is null)
        {
            return (null, Reasons.JwkFailedToResolve, "Failed to resolve JWK during verification: set JwtKey (PEM) or SecretKey.");
        }

        // A known token's kid is in its remembered peek: no decode per request.
        var kid = _known.TryGetPeek(token, out var known) ? known!.Kid
            : JwtDecoder.TryDecode(token, out var decoded) ? decoded.Header.KeyId : null;
        var lookup = await _remote.GetAsync(kid, cancellationToken).ConfigureAwait(false);
        return lookup.Keys is VerificationKeySet set ? (set, null, null) : (null, lookup.Reason, lookup.Message);
    }

    private static string Capitalize(string message) =>
        message.Length > 0 && char.IsLower(message[0]) ? char.ToUpperInvariant(message[0]) + message[1..] + "." : message;
}
