using Latchkey.AspNetCore.Handshake;
using Latchkey.AspNetCore.Internal;

namespace Latchkey.AspNetCore.Classification;

/// <summary>The cookie path: the ordered checks C1–C18 of protocol.md §5.6.</summary>
internal sealed partial class RequestClassifier
{
    private async ValueTask<LatchkeyRequestState> CookiePathAsync(RequestContext context)
    {
        var hasUat = context.ClientUat != 0;
        var hasSession = context.SessionTokenInCookie is not null;
        var hasDevBrowser = context.DevBrowserToken is not null;

        // C1: a returning handshake is resolved first.
        if (context.HandshakeNonce is not null || context.HandshakeToken is not null)
        {
            var resolved = await ResolveHandshakeAsync(context).ConfigureAwait(false);
            if (resolved is not null)
            {
                return resolved;
            }
        }

        // C2
        var multiDomainEligible = _settings.IsSatellite && context.SecFetchDest == "document" && context.IsGet;
        var synced = context.Query.Get(Names.Query.ClerkSynced);
        var needsSync = synced == Names.Query.SyncedNeedsSync;
        var syncDone = synced == Names.Query.SyncedCompleted;
        var hasCookies = hasSession || hasUat;
        var skipSatellite = !_settings.SatelliteAutoSync && !hasCookies && !needsSync;

        // C3: production satellite.
        if (_settings.IsProduction && multiDomainEligible && !syncDone)
        {
            if (skipSatellite)
            {
                return States.SignedOut(Reasons.SessionTokenAndUatMissing);
            }

            if (!hasCookies || needsSync)
            {
                return MaybeHandshake(context, Reasons.SatelliteNeedsSyncing, null);
            }
        }

        // C4: development satellite: go to the primary's sign-in page.
        if (_settings.IsDevelopment && multiDomainEligible && !syncDone)
        {
            if (skipSatellite)
            {
                return States.SignedOut(Reasons.SessionTokenAndUatMissing);
            }

            if (!hasCookies || needsSync)
            {
                if (!Uri.TryCreate(_settings.SignInUrl, UriKind.Absolute, out var signIn))
                {
                    return States.SignedOut(Reasons.SatelliteNeedsSyncing, "A development satellite needs an absolute SignInUrl.");
                }

                var query = QueryString.Parse(signIn.Query);
                query.Append(Names.Query.ClerkRedirectUrl, context.Url.AbsoluteUri);
                var headers = new StateHeaders();
                headers.Set(Names.Headers.Location, QueryString.WithQuery(signIn, query).AbsoluteUri);
                return MaybeHandshake(context, Reasons.SatelliteNeedsSyncing, null, headers);
            }
        }

        // C5: development primary answers a satellite's sync request.
        var redirectBack = context.Query.Get(Names.Query.ClerkRedirectUrl);
        if (_settings.IsDevelopment && !_settings.IsSatellite && !string.IsNullOrEmpty(redirectBack))
        {
            if (!Uri.TryCreate(redirectBack, UriKind.Absolute, out var target) || !_settings.IsAllowedRedirect(target, context.Origin))
            {
                // Latchkey: never follow a redirect URL taken from the request to an origin that is
                // not allowed (it would carry the dev-browser token there).
                return States.SignedOut(Reasons.RedirectUrlNotAllowed,
                    "The __clerk_redirect_url origin is not allowed; add it to AllowedRedirectOrigins. (reason=redirect-url-not-allowed)");
            }

            var query = QueryString.Parse(target.Query);
            if (context.DevBrowserToken is { } devBrowser)
            {
                query.Append(Names.Query.DevBrowser, devBrowser);
            }

            query.Set(Names.Query.ClerkSynced, Names.Query.SyncedCompleted);
            var headers = new StateHeaders();
            headers.Set(Names.Headers.Location, QueryString.WithQuery(target, query).AbsoluteUri);
            return MaybeHandshake(context, Reasons.PrimaryRespondsToSyncing, null, headers);
        }

        // C6
        if (_settings.IsDevelopment && context.Query.Has(Names.Query.DevBrowser))
        {
            return MaybeHandshake(context, Reasons.DevBrowserSync, null);
        }

        // C7
        if (_settings.IsDevelopment && !hasDevBrowser)
        {
            return MaybeHandshake(context, Reasons.DevBrowserMissing, null);
        }

        // C8–C10
        if (!hasUat && !hasSession)
        {
            return States.SignedOut(Reasons.SessionTokenAndUatMissing);
        }

        if (!hasUat && hasSession)
        {
            return MaybeHandshake(context, Reasons.SessionTokenButNoClientUat, null);
        }

        if (hasUat && !hasSession)
        {
            return MaybeHandshake(context, Reasons.ClientUatButNoSessionToken, null);
        }

        var token = context.SessionTokenInCookie!;

        // C11
        var peek = context.Peek(token);
        if (peek is null)
        {
            return await HandleSessionTokenErrorAsync(context,
                Tokens.TokenCheck.Invalid(Reasons.TokenInvalid, "Invalid JWT form. A JWT consists of three parts separated by dots."),
                "cookie").ConfigureAwait(false);
        }

        // C12
        if (MachineTokens.IsMachineJwt(token, context) || peek.HasNonSessionCategory)
        {
            return States.SignedOut(Reasons.TokenTypeMismatch);
        }

        // C13
        if (peek.Iat is { } iat && iat < context.ClientUat)
        {
            return MaybeHandshake(context, Reasons.SessionTokenIatBeforeClientUat, null);
        }

        // C14
        var check = await _tokens.VerifySessionTokenAsync(token, context.Now, KeyWait(context)).ConfigureAwait(false);
        if (!check.IsValid)
        {
            return await HandleSessionTokenErrorAsync(context, check, "cookie").ConfigureAwait(false);
        }

        var claims = check.Claims!;

        // C15
        if (claims.AuthorizedParty is null && Interlocked.Exchange(ref _warnedMissingAzp, 1) == 0)
        {
            Log.MissingAzp(_logger);
        }

        // C16: a navigation arriving on the primary from another site.
        if (!_settings.IsSatellite && context.IsGet && context.SecFetchDest == "document"
            && context.IsCrossOriginReferrer() && !context.IsKnownClerkReferrer() && context.RedirectCount == 0)
        {
            return MaybeHandshake(context, Reasons.PrimaryDomainCrossOriginSync, "Cross-origin request from satellite domain requires handshake");
        }

        // C17: organization sync.
        var pending = _treatPendingAsSignedOut && claims.SessionStatus == "pending";
        if (!pending && OrganizationSyncHandshake(context, claims) is { } orgHandshake)
        {
            return orgHandshake;
        }

        // C18
        return AcceptSession(token, claims, null);
    }

    private LatchkeyRequestState? OrganizationSyncHandshake(RequestContext context, LatchkeySessionClaims claims)
    {
        if (_settings.OrganizationMatcher.IsEmpty || _settings.OrganizationMatcher.FindTarget(context.Url.AbsolutePath) is not { } target)
        {
            return null;
        }

        var mustActivate = target.PersonalAccount
            ? claims.OrganizationId is not null
            : (target.OrganizationSlug is not null && target.OrganizationSlug != claims.OrganizationSlug)
              || (target.OrganizationId is not null && target.OrganizationId != claims.OrganizationId);
        if (!mustActivate || context.RedirectCount >= Names.MaxRedirectCount)
        {
            return null;
        }

        var state = MaybeHandshake(context, Reasons.ActiveOrganizationMismatch, null);
        return state.Status == LatchkeyAuthStatus.Handshake ? state : null;
    }

    /// <summary>"maybe-handshake" (§5.8).</summary>
    private LatchkeyRequestState MaybeHandshake(RequestContext context, string reason, string? message, StateHeaders? customHeaders = null)
    {
        if (!HandshakeRedirects.IsEligible(context))
        {
            return States.SignedOut(reason, message);
        }

        var headers = customHeaders ?? HandshakeRedirects.BuildRedirect(context, _settings, reason);
        if (headers.Get(Names.Headers.Location) is not null)
        {
            // Chrome caches 307s of inactive tabs; without no-store the handshake loops.
            headers.Set(Names.Headers.CacheControl, Names.NoStore);
        }

        if (HandshakeRedirects.CheckAndTrackLoop(context, headers))
        {
            Log.RedirectLoop(_logger, reason);
            return States.SignedOut(reason, message);
        }

        return States.Handshake(reason, message, headers);
    }
}
