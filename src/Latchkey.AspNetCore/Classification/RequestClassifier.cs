using Latchkey.AspNetCore.BackendApi;
using Latchkey.AspNetCore.Internal;
using Latchkey.AspNetCore.Tokens;
using Microsoft.Extensions.Logging;

namespace Latchkey.AspNetCore.Classification;

/// <summary>
/// The decision procedure of protocol.md §5: a function of (request, settings, keys, now) to a
/// request state. This file holds the top-level routing (§5.4), the header session path (§5.5)
/// and the machine paths; the cookie path (§5.6), the error handler (§5.7), maybe-handshake
/// (§5.8), refresh (§5.9) and handshake resolution (§6.4) are in the other parts of this class.
/// Malformed input of any kind yields signed-out with a reason; it never throws.
/// </summary>
internal sealed partial class RequestClassifier
{
    private readonly InstanceSettings _settings;
    private readonly ITokenCore _tokens;
    private readonly BackendApiClient? _api;
    private readonly MachineTokenVerifier _machines;
    private readonly IRevocationSource? _revocations;
    private readonly ILogger _logger;
    private readonly bool _treatPendingAsSignedOut;
    private int _warnedMissingAzp;

    // Whether the known-cookie shortcut can answer for this instance (see ReadsKnownCookies).
    private readonly bool _readsKnownCookies;

    public RequestClassifier(
        InstanceSettings settings,
        ITokenCore tokens,
        BackendApiClient? api,
        IReadOnlyList<string> audience,
        bool treatPendingAsSignedOut,
        IRevocationSource? revocations,
        ILogger logger)
    {
        _settings = settings;
        _tokens = tokens;
        _api = api;
        _machines = new MachineTokenVerifier(tokens, api, settings, audience);
        _revocations = revocations;
        _logger = logger;
        _treatPendingAsSignedOut = treatPendingAsSignedOut;
        _readsKnownCookies = settings.AcceptsToken == LatchkeyTokenTypes.SessionToken && settings.IsProduction && !settings.IsSatellite && settings.OrganizationMatcher.IsEmpty;
    }

    public InstanceSettings Settings => _settings;

    public async ValueTask<LatchkeyRequestState> ClassifyAsync(LatchkeyRequestDescription request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        RequestContext? context = null;
        try
        {
            context = new RequestContext(request, _settings, _tokens, now, cancellationToken);
            var state = await RouteAsync(context).ConfigureAwait(false);
            Log.Classified(_logger, state.StatusText, state.Reason ?? "-");
            return state;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !(context?.WasAborted ?? cancellationToken.IsCancellationRequested))
        {
            Log.UnexpectedError(_logger, ex);
            return States.SignedOut(Reasons.UnexpectedError, "An unexpected error occurred while authenticating the request.");
        }
    }

    /// <summary>
    /// The signed-in request of an API client, decided without building a request context: a
    /// scheme that accepts session tokens only (§5.4 then goes straight to the header path),
    /// <c>Authorization: Bearer &lt;token&gt;</c> with a token that verified before (so it is a
    /// well-formed <c>b64token</c>: the lookup compares the whole text), no machine or other
    /// category (§5.5), not expired by its peek, and keys at hand. The answer is then exactly
    /// what <see cref="ClassifyAsync"/> gives, revocation included (the header path has no other
    /// check). Any other request returns false and takes <see cref="ClassifyAsync"/>.
    /// </summary>
    /// <param name="authorization">The <c>Authorization</c> header (a single value), or null.</param>
    /// <param name="now">The time to judge at.</param>
    /// <param name="state">The state, when true.</param>
    public bool TryClassifyKnownBearer(string? authorization, DateTimeOffset now, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LatchkeyRequestState? state)
    {
        state = null;
        const int prefix = 7; // "Bearer ": the first space ends the scheme, as AuthorizationHeaderParser reads it.
        if (_settings.AcceptsToken != LatchkeyTokenTypes.SessionToken
            || authorization is null
            || authorization.Length <= prefix
            || authorization[prefix - 1] != ' '
            || !authorization.AsSpan(0, prefix - 1).SequenceEqual(Names.BearerScheme)
            || !_tokens.TryGetKnown(authorization.AsSpan(prefix), out var token, out var known)
            || !known.Peek.IsSessionKind
            || !_tokens.TryVerifyKnownSessionToken(token, known, now, out var check)
            || !check.IsValid)
        {
            return false;
        }

        try
        {
            state = AcceptSession(token, check.Claims!, null);
        }
        catch (Exception)
        {
            // A revocation source that throws: the full path classifies again and turns the
            // failure into unexpected-error (and logs it), as for any other request.
            return false;
        }

        Log.Classified(_logger, state.StatusText, state.Reason ?? "-");
        return true;
    }

    /// <summary>Top-level routing (§5.4). Not async itself: each branch hands back its path's task (one state machine fewer per request).</summary>
    private ValueTask<LatchkeyRequestState> RouteAsync(RequestContext context)
    {
        var accepts = _settings.AcceptsToken;
        var single = MachineTokens.IsSingle(accepts);
        var headerToken = context.TokenInHeader;

        if (context.HasMalformedAuthorization)
        {
            // Latchkey: a malformed Authorization header is refused as such (the reference reads a
            // fragment of it as the token, which ends in token-invalid as well).
            return new ValueTask<LatchkeyRequestState>(States.SignedOut(Reasons.TokenInvalid, "The Authorization header is not \"Bearer <token>\" with a well-formed token. (reason=token-invalid, token-carrier=header)"));
        }

        if (!single)
        {
            var type = headerToken is not null && MachineTokens.IsMachineToken(headerToken, context)
                ? MachineTokens.TypeOf(headerToken, context)
                : LatchkeyTokenTypes.SessionToken;
            if ((accepts & type) == 0)
            {
                return new ValueTask<LatchkeyRequestState>(States.SignedOut(Reasons.TokenTypeMismatch, null, null, LatchkeyTokenTypes.None));
            }
        }

        if (headerToken is not null)
        {
            if (!single)
            {
                return AnyHeaderPathAsync(context, headerToken, accepts);
            }

            if (accepts == LatchkeyTokenTypes.SessionToken)
            {
                return HeaderSessionPathAsync(context, headerToken);
            }

            return MachinePathAsync(context, headerToken, accepts);
        }

        if (single && accepts != LatchkeyTokenTypes.SessionToken)
        {
            return new ValueTask<LatchkeyRequestState>(States.SignedOut(Reasons.NoTokenInHeader, null, null, accepts));
        }

        return CookiePathAsync(context);
    }

    /// <summary>The header session path (§5.5).</summary>
    private async ValueTask<LatchkeyRequestState> HeaderSessionPathAsync(RequestContext context, string token)
    {
        if (MachineTokens.IsMachineJwt(token, context) || context.Peek(token) is { HasNonSessionCategory: true })
        {
            return States.SignedOut(Reasons.TokenTypeMismatch);
        }

        var check = await _tokens.VerifySessionTokenAsync(token, context.Now, KeyWait(context)).ConfigureAwait(false);
        if (check.IsValid)
        {
            return AcceptSession(token, check.Claims!, null);
        }

        return await HandleSessionTokenErrorAsync(context, check, "header").ConfigureAwait(false);
    }

    /// <summary>The "any" path: several kinds accepted, the header token decides (§5.4 step 2).</summary>
    private async ValueTask<LatchkeyRequestState> AnyHeaderPathAsync(RequestContext context, string token, LatchkeyTokenTypes accepts)
    {
        if (MachineTokens.IsMachineToken(token, context))
        {
            var type = MachineTokens.TypeOf(token, context);
            if ((accepts & type) == 0)
            {
                return States.SignedOut(Reasons.TokenTypeMismatch, null, null, type);
            }

            return await VerifyMachineAsync(context, token).ConfigureAwait(false);
        }

        // Latchkey rejects non-session categories here too (the reference's note in §5.4).
        if (context.Peek(token) is { HasNonSessionCategory: true })
        {
            return States.SignedOut(Reasons.TokenTypeMismatch);
        }

        var check = await _tokens.VerifySessionTokenAsync(token, context.Now, KeyWait(context)).ConfigureAwait(false);
        return check.IsValid
            ? AcceptSession(token, check.Claims!, null)
            : await HandleSessionTokenErrorAsync(context, check, "header").ConfigureAwait(false);
    }

    /// <summary>A single machine kind accepted (§5.4 step 2, last case).</summary>
    private async ValueTask<LatchkeyRequestState> MachinePathAsync(RequestContext context, string token, LatchkeyTokenTypes accepts)
    {
        if (!MachineTokens.IsMachineToken(token, context) || MachineTokens.TypeOf(token, context) != accepts)
        {
            return States.SignedOut(Reasons.TokenTypeMismatch, null, null, accepts);
        }

        return await VerifyMachineAsync(context, token).ConfigureAwait(false);
    }

    private async ValueTask<LatchkeyRequestState> VerifyMachineAsync(RequestContext context, string token)
    {
        var check = await _machines.VerifyAsync(token, context.Now, context.Aborted).ConfigureAwait(false);
        return check.Identity is { } identity
            ? States.SignedInMachine(token, identity)
            : States.SignedOut(check.Code ?? Reasons.UnexpectedError, check.Message, null, check.TokenType);
    }

    /// <summary>The cancellation for a key lookup: the request's only when the keys are remote (see <see cref="RequestContext.Aborted"/>).</summary>
    private CancellationToken KeyWait(RequestContext context) => _tokens.UsesRemoteKeys ? context.Aborted : CancellationToken.None;

    /// <summary>
    /// The last step of every session sign-in: the revocation source (when configured) may still
    /// refuse a valid token whose session was revoked.
    /// </summary>
    private LatchkeyRequestState AcceptSession(string token, LatchkeySessionClaims claims, StateHeaders? headers)
    {
        if (_revocations is not null && claims.SessionId is { } sid && _revocations.IsRevoked(sid, claims.IssuedAt))
        {
            return States.SignedOut(Reasons.SessionRevoked, "The session was revoked. (reason=session-revoked)", headers);
        }

        return States.SignedIn(token, claims, headers);
    }
}
