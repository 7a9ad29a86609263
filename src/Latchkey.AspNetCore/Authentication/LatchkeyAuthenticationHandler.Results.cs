using System.Security.Claims;
using System.Text.Json;
using Latchkey.AspNetCore.Claims;
using Latchkey.AspNetCore.Internal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Latchkey.AspNetCore.Authentication;

/// <summary>How the states map onto ASP.NET Core's authentication results, challenge and forbid.</summary>
internal sealed partial class LatchkeyAuthenticationHandler
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // The common case, a state already known that signs in without an OnSignedIn hook, is
        // answered without an async state machine; everything else takes the general path.
        var pending = GetStateAsync();
        if (pending.IsCompletedSuccessfully && pending.Result is { IsSignedIn: true } state && !Events.HasSignedInHook
            && !ResponseRules.IsPendingSignedOut(state, Options.TreatPendingAsSignedOut))
        {
            WriteStateHeaders(state, redirect: false);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(SignIn(state), Scheme.Name)));
        }

        return HandleAuthenticateLaterAsync(pending);
    }

    private async Task<AuthenticateResult> HandleAuthenticateLaterAsync(ValueTask<LatchkeyRequestState> pending)
    {
        var state = await pending.ConfigureAwait(false);
        WriteStateHeaders(state, redirect: false);
        if (state.IsSignedIn)
        {
            if (ResponseRules.IsPendingSignedOut(state, Options.TreatPendingAsSignedOut))
            {
                Context.Features.Set(new LatchkeyAuthFeature(LatchkeyAuth.SignedOut(state, Reasons.SessionPending, state.SessionClaims)));
                return await SignedOutAsync(state, Reasons.SessionPending).ConfigureAwait(false);
            }

            var principal = SignIn(state);
            if (!Events.HasSignedInHook)
            {
                return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
            }

            var context = new LatchkeySignedInContext(Context, Scheme, Options, state) { Principal = principal };
            await Events.SignedIn(context).ConfigureAwait(false);
            if (context.Result is not null)
            {
                return context.Result;
            }

            if (context.Principal is null)
            {
                return AuthenticateResult.NoResult();
            }

            context.Success();
            return context.Result!;
        }

        Context.Features.Set(new LatchkeyAuthFeature(LatchkeyAuth.SignedOut(state, state.Reason)));
        return await SignedOutAsync(state, state.Reason ?? Reasons.UnexpectedError).ConfigureAwait(false);
    }

    /// <summary>Sets the request's <c>GetLatchkeyAuth()</c> feature for a signed-in state and makes the request's own principal.</summary>
    private ClaimsPrincipal SignIn(LatchkeyRequestState state)
    {
        Context.Features.Set(SignedInFeature(state, _classifier!.Api));
        return new ClaimsPrincipal(CreateIdentity(state));
    }

    /// <summary>The auth object of a signed-in state: immutable, so made once per shared state (and API client).</summary>
    private static LatchkeyAuthFeature SignedInFeature(LatchkeyRequestState state, BackendApi.BackendApiClient? api)
    {
        if (state.SignedInFeature is LatchkeyAuthFeature cached && cached.Auth.HasApi(api))
        {
            return cached;
        }

        var feature = new LatchkeyAuthFeature(new LatchkeyAuth(state, state.SessionClaims, state.Machine, state.Token, null, api));
        state.SignedInFeature = feature;
        return feature;
    }

    private async Task<AuthenticateResult> SignedOutAsync(LatchkeyRequestState state, string reason)
    {
        var context = new LatchkeySignedOutContext(Context, Scheme, Options, state);
        await Events.SignedOut(context).ConfigureAwait(false);
        if (context.Result is not null)
        {
            return context.Result;
        }

        // No credential at all is "no result" (another scheme may apply); a credential that
        // failed is a failure carrying its reason.
        return reason is Reasons.SessionTokenAndUatMissing or Reasons.NoTokenInHeader
            ? AuthenticateResult.NoResult()
            : AuthenticateResult.Fail(reason);
    }

    /// <summary>
    /// A navigation whose state is an unanswered handshake is redirected now (the protected-endpoint
    /// case decided by authorization); anything else gets 401 with the reason in
    /// <c>WWW-Authenticate</c> (RFC 6750 §3), in every environment.
    /// </summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var state = await GetStateAsync().ConfigureAwait(false);
        if (_redirected || Response.HasStarted)
        {
            return;
        }

        if (state.Status == LatchkeyAuthStatus.Handshake && state.Location is not null && Options.HandshakeMode != LatchkeyHandshakeMode.Never
            && !_headersWritten && await RedirectAsync(state).ConfigureAwait(false))
        {
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(Names.Headers.WwwAuthenticate, ResponseRules.WwwAuthenticate(ResponseRules.ChallengeReason(state)));
    }

    private ClaimsIdentity CreateIdentity(LatchkeyRequestState state)
    {
        var issuer = Scheme.Name;
        if (state.SessionClaims is { } claims)
        {
            // The claims of a verified token are mapped once; each request gets its own identity and
            // claim objects made from them (subject set at creation, so AddClaim keeps them as they
            // are instead of cloning), so requests never share a mutable object.
            var prototypes = SessionPrincipalClaims(claims, issuer, Options.MapTokenClaims);
            var own = new ClaimsIdentity(LatchkeyDefaults.AuthenticationType, LatchkeyClaimTypes.Subject, LatchkeyClaimTypes.OrganizationRole);
            ClaimListCapacity.Reserve(own, prototypes.Length);
            foreach (var claim in prototypes)
            {
                own.AddClaim(new Claim(claim.Type, claim.Value, claim.ValueType, claim.Issuer, claim.OriginalIssuer, own));
            }

            return own;
        }

        var identity = new ClaimsIdentity(LatchkeyDefaults.AuthenticationType, LatchkeyClaimTypes.Subject, LatchkeyClaimTypes.OrganizationRole);
        if (state.Machine is { } machine)
        {
            AddIfPresent(identity.AddClaim, LatchkeyClaimTypes.Subject, machine.Subject, issuer);
            AddIfPresent(identity.AddClaim, ClaimTypes.NameIdentifier, machine.Subject, issuer);
            identity.AddClaim(new Claim(LatchkeyClaimTypes.TokenType, LatchkeyTokenTypeNames.ToProtocolName(machine.TokenType)!, ClaimValueTypes.String, issuer));
            AddIfPresent(identity.AddClaim, "client_id", machine.ClientId, issuer);
            AddIfPresent(identity.AddClaim, "name", machine.Name, issuer);
            foreach (var scope in machine.Scopes)
            {
                identity.AddClaim(new Claim(LatchkeyClaimTypes.Scope, scope, ClaimValueTypes.String, issuer));
            }
        }

        return identity;
    }

    /// <summary>The principal's claims for verified session claims, built once per claims object, issuer (scheme) and mapping.</summary>
    private static Claim[] SessionPrincipalClaims(LatchkeySessionClaims claims, string issuer, bool withTokenClaims)
    {
        if (claims.PrincipalClaims is { } cached && cached.Issuer == issuer && cached.WithTokenClaims == withTokenClaims)
        {
            return cached.Claims;
        }

        var list = new List<Claim>(16)
        {
            new(ClaimTypes.NameIdentifier, claims.UserId, ClaimValueTypes.String, issuer),
            new(LatchkeyClaimTypes.TokenType, LatchkeyTokenTypeNames.SessionToken, ClaimValueTypes.String, issuer),
        };
        AddIfPresent(list.Add, LatchkeyClaimTypes.OrganizationId, claims.OrganizationId, issuer);
        AddIfPresent(list.Add, LatchkeyClaimTypes.OrganizationSlug, claims.OrganizationSlug, issuer);
        AddIfPresent(list.Add, LatchkeyClaimTypes.OrganizationRole, claims.OrganizationRole, issuer);
        foreach (var permission in claims.OrganizationPermissions)
        {
            list.Add(new Claim(LatchkeyClaimTypes.OrganizationPermission, permission, ClaimValueTypes.String, issuer));
        }

        AddRawClaims(list, claims.Payload, issuer, withTokenClaims);
        var built = list.ToArray();
        claims.PrincipalClaims = new LatchkeySessionClaims.PrincipalClaimSet(issuer, withTokenClaims, built);
        return built;
    }

    private static void AddIfPresent(Action<Claim> add, string type, string? value, string issuer)
    {
        if (!string.IsNullOrEmpty(value))
        {
            add(new Claim(type, value, ClaimValueTypes.String, issuer));
        }
    }

    /// <summary>
    /// Top-level payload claims as they are: strings, numbers and booleans as values, arrays as
    /// repeated claims, objects as JSON; the token's own claims only when <paramref name="withTokenClaims"/>
    /// (<see cref="LatchkeyAuthenticationOptions.MapTokenClaims"/>).
    /// </summary>
    private static void AddRawClaims(List<Claim> claims, JsonElement payload, string issuer, bool withTokenClaims)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in payload.EnumerateObject())
        {
            if (property.Name is LatchkeyClaimTypes.OrganizationId or LatchkeyClaimTypes.OrganizationSlug
                or LatchkeyClaimTypes.OrganizationRole or LatchkeyClaimTypes.OrganizationPermission)
            {
                continue; // already added in their expanded form.
            }

            if (!withTokenClaims && IsTokenClaim(property.Name))
            {
                continue;
            }

            foreach (var value in property.Value.ValueKind == JsonValueKind.Array ? property.Value.EnumerateArray().ToArray() : [property.Value])
            {
                var (text, type) = value.ValueKind switch
                {
                    JsonValueKind.String => (value.GetString()!, ClaimValueTypes.String),
                    JsonValueKind.Number => (value.GetRawText(), value.TryGetInt64(out _) ? ClaimValueTypes.Integer64 : ClaimValueTypes.Double),
                    JsonValueKind.True => ("true", ClaimValueTypes.Boolean),
                    JsonValueKind.False => ("false", ClaimValueTypes.Boolean),
                    JsonValueKind.Null => (string.Empty, ClaimValueTypes.String),
                    _ => (value.GetRawText(), "JSON"),
                };
                claims.Add(new Claim(property.Name, text, type, issuer));
            }
        }
    }

    /// <summary>The claims that describe the token itself (left out of the principal unless <see cref="LatchkeyAuthenticationOptions.MapTokenClaims"/>).</summary>
    internal static bool IsTokenClaim(string name) => name is "iss" or "azp" or "iat" or "nbf" or "exp" or "jti" or "v";
}
