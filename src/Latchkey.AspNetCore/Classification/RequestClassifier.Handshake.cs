using Latchkey.AspNetCore.Handshake;
using Latchkey.AspNetCore.Internal;

namespace Latchkey.AspNetCore.Classification;

/// <summary>Handshake resolution (§6.4): the returning leg of the handshake, C1 of §5.6.</summary>
internal sealed partial class RequestClassifier
{
    /// <summary>
    /// Resolves the nonce (through the Backend API) or the legacy signed payload, returns the
    /// resolved state with the directives as Set-Cookie headers, or null to fall through to C2
    /// (the protocol's "log and continue" for a payload that does not verify).
    /// </summary>
    private async ValueTask<LatchkeyRequestState?> ResolveHandshakeAsync(RequestContext context)
    {
        IReadOnlyList<string> directives;
        if (context.HandshakeNonce is { } nonce)
        {
            directives = await FetchNonceDirectivesAsync(nonce, context.Aborted).ConfigureAwait(false);
        }
        else
        {
            var payload = await _tokens.VerifyHandshakePayloadAsync(context.HandshakeToken!, context.Now, KeyWait(context)).ConfigureAwait(false);
            if (payload.Directives is null)
            {
                Log.HandshakePayloadRejected(_logger, payload.Reason ?? Reasons.TokenInvalid);
                if (_settings.IsDevelopment)
                {
                    // The reference throws here (a development payload travels in the URL, so a bad
                    // signature means switched keys). Latchkey answers signed-out with the reason.
                    return States.SignedOut(payload.Reason ?? Reasons.TokenInvalid,
                        $"The handshake payload did not verify; if you switched instance keys, clear this site's cookies. {payload.Message} (reason={payload.Reason}, token-carrier=cookie)");
                }

                return null;
            }

            directives = payload.Directives.Where(SetCookieDirective.IsHeaderSafe).ToList();
        }

        var headers = new StateHeaders();
        foreach (var directive in directives)
        {
            headers.Append(Names.Headers.SetCookie, directive);
        }

        var token = SetCookieDirective.FindSessionToken(directives) ?? string.Empty;
        if (_settings.IsDevelopment)
        {
            // Clean the handshake parameters out of the URL with a same-origin 307.
            var query = QueryString.Parse(context.Url.Query);
            query.Remove(Names.Query.Handshake);
            query.Remove(Names.Query.HandshakeHelp);
            query.Remove(Names.Query.DevBrowser);
            query.Remove(Names.Query.HandshakeNonce);
            headers.Append(Names.Headers.Location, QueryString.WithQuery(context.Url, query).AbsoluteUri);
            headers.Set(Names.Headers.CacheControl, Names.NoStore);
        }

        if (token.Length == 0)
        {
            return States.SignedOut(Reasons.SessionTokenMissing, null, headers);
        }

        var check = await _tokens.VerifySessionTokenAsync(token, context.Now, KeyWait(context)).ConfigureAwait(false);
        if (check.IsValid)
        {
            return AcceptSession(token, check.Claims!, headers);
        }

        if (_settings.IsDevelopment && check.Reason is Reasons.TokenExpired or Reasons.TokenNotActiveYet or Reasons.TokenIatInTheFuture)
        {
            Log.ClockSkew(_logger, check.Reason);
            // The reference retries with a 24 h skew. Latchkey judges the token at its own iat
            // instead, when that is within 24 h of now: the same tolerance for a wrong clock,
            // without widening the verifier's skew bounds.
            if (context.Peek(token)?.Iat is { } iat
                && DateTimeOffset.FromUnixTimeMilliseconds((long)(iat * 1000)) is var issued
                && (issued - context.Now).Duration() <= TimeSpan.FromDays(1))
            {
                var retry = await _tokens.VerifySessionTokenAsync(token, issued, KeyWait(context)).ConfigureAwait(false);
                if (retry.IsValid)
                {
                    return AcceptSession(token, retry.Claims!, headers);
                }

                check = retry;
            }
        }

        // The reference throws and continues at C2; the resolved cookies are not sent then.
        Log.HandshakeTokenRejected(_logger, check.Reason ?? Reasons.UnexpectedError);
        return null;
    }

    private async Task<IReadOnlyList<string>> FetchNonceDirectivesAsync(string nonce, CancellationToken cancellationToken)
    {
        if (_api is null || !_api.HasSecretKey)
        {
            Log.HandshakeNonceFailed(_logger, 0, "no secret key");
            return [];
        }

        var result = await _api.GetHandshakePayloadAsync(nonce, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            // As the reference: the failure is logged and the handshake resolves to no cookies.
            Log.HandshakeNonceFailed(_logger, result.Status, result.ErrorCode ?? "transport");
            return [];
        }

        return ReadStringArray(result.Body!.Value, "directives");
    }
}
