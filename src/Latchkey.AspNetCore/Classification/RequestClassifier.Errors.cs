using System.Text.Json;
using Latchkey.AspNetCore.Handshake;
using Latchkey.AspNetCore.Internal;
using Latchkey.AspNetCore.Tokens;

namespace Latchkey.AspNetCore.Classification;

/// <summary>The session-token error handler (§5.7) and the server-side refresh (§5.9).</summary>
internal sealed partial class RequestClassifier
{
    private async ValueTask<LatchkeyRequestState> HandleSessionTokenErrorAsync(RequestContext context, TokenCheck check, string carrier)
    {
        var reason = check.Reason ?? Reasons.UnexpectedError;
        string? refreshError;
        if (reason == Reasons.TokenExpired && context.RefreshTokenInCookie is not null && context.IsGet)
        {
            var refreshed = await AttemptRefreshAsync(context).ConfigureAwait(false);
            if (refreshed.State is { } signedIn)
            {
                return signedIn;
            }

            refreshError = refreshed.Error ?? Reasons.RefreshUnexpectedSdkError;
        }
        else if (!context.IsGet)
        {
            refreshError = Reasons.RefreshNonEligibleNonGet;
        }
        else if (context.RefreshTokenInCookie is null)
        {
            refreshError = Reasons.RefreshNonEligibleNoRefreshCookie;
        }
        else
        {
            refreshError = null;
        }

        var message = check.FullMessage(carrier);
        return reason switch
        {
            Reasons.TokenExpired => MaybeHandshake(context, Reasons.SessionTokenExpiredRefresh(refreshError ?? "null"), message),
            Reasons.TokenNotActiveYet => MaybeHandshake(context, Reasons.SessionTokenNbf, message),
            Reasons.TokenIatInTheFuture => MaybeHandshake(context, Reasons.SessionTokenIatInTheFuture, message),
            _ => States.SignedOut(reason, message),
        };
    }

    private readonly record struct RefreshOutcome(LatchkeyRequestState? State, string? Error);

    /// <summary>Exchanges the refresh cookie for fresh cookies at the Backend API (§5.9).</summary>
    private async ValueTask<RefreshOutcome> AttemptRefreshAsync(RequestContext context)
    {
        if (_api is null || !_api.HasSecretKey)
        {
            return new(null, Reasons.RefreshMissingApiClient);
        }

        var expired = context.SessionToken;
        if (expired is null)
        {
            return new(null, Reasons.RefreshMissingSessionToken);
        }

        if (context.RefreshTokenInCookie is not { } refreshToken)
        {
            return new(null, Reasons.RefreshMissingRefreshToken);
        }

        var peek = context.Peek(expired);
        if (peek is null)
        {
            return new(null, Reasons.RefreshExpiredSessionTokenDecodeFailed);
        }

        if (string.IsNullOrEmpty(peek.Sid))
        {
            return new(null, Reasons.RefreshExpiredSessionTokenMissingSidClaim);
        }

        // Latchkey forwards the request headers the server may need to judge the refresh, but
        // never the credentials (Cookie, Authorization): the tokens it needs are in the body.
        var requestHeaders = context.RequestHeaders
            .Where(h => !string.Equals(h.Key, Names.Headers.Cookie, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(h.Key, Names.Headers.Authorization, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => new[] { h.Value });
        var body = new Dictionary<string, object>
        {
            ["format"] = "cookie",
            ["expired_token"] = expired,
            ["refresh_token"] = refreshToken,
            ["request_origin"] = context.Origin,
            ["request_headers"] = requestHeaders,
        };

        var result = await _api.RefreshSessionAsync(peek.Sid, context.UsesSuffixedCookies, body, context.Aborted).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            if (result.IsApiError && result.ErrorCode is { Length: > 0 } code)
            {
                return new(null, code == "unexpected_error" ? Reasons.RefreshFetchError : SafeCode(code));
            }

            // As the reference's Backend API client: a call that never got an answer (refused,
            // timed out) is reported as unexpected_error, i.e. fetch-error; an answer without an
            // error envelope is unexpected-bapi-error.
            return new(null, result.IsApiError ? Reasons.RefreshUnexpectedBapiError : Reasons.RefreshFetchError);
        }

        var directives = ReadStringArray(result.Body!.Value, "cookies");
        if (directives.Count == 0)
        {
            return new(null, null);
        }

        var headers = new StateHeaders();
        foreach (var directive in directives)
        {
            headers.Append(Names.Headers.SetCookie, directive);
        }

        var token = SetCookieDirective.FindSessionToken(directives) ?? string.Empty;
        var check = await _tokens.VerifySessionTokenAsync(token, context.Now, KeyWait(context)).ConfigureAwait(false);
        if (!check.IsValid)
        {
            return new(null, Reasons.RefreshInvalidSessionToken);
        }

        return new(AcceptSession(token, check.Claims!, headers), null);
    }

    /// <summary>
    /// Reads an array of header-safe strings; anything else in it (non-strings, CR/LF) is dropped,
    /// so a directive can never split the response.
    /// </summary>
    internal static List<string> ReadStringArray(JsonElement body, string name)
    {
        var list = new List<string>();
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return list;
        }

        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && item.GetString() is { } s && SetCookieDirective.IsHeaderSafe(s))
            {
                list.Add(s);
            }
        }

        return list;
    }

    /// <summary>A Backend API error code used verbatim in a reason: kept only when it is a plain identifier.</summary>
    private static string SafeCode(string code) =>
        code.Length <= 64 && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? code : Reasons.RefreshUnexpectedBapiError;
}
