using System.Security.Claims;
using System.Text.Json;
using Latchkey.AspNetCore.Internal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Latchkey.AspNetCore.Authentication;

/// <summary>How the states map onto ASP.NET Core's authentication results, challenge and forbid.</summary>
internal sealed partial class LatchkeyAuthenticationHandler
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var entry = await GetEntryAsync().ConfigureAwait(false);
        WriteStateHeaders(entry, redirect: false);
        var state = entry.State;
        var api = entry.Classifier.Api;

        if (state.IsSignedIn)
        {
            if (ResponseRules.IsPendingSignedOut(state, Options.TreatPendingAsSignedOut))
            {
                Context.Features.Set(new LatchkeyAuthFeature(LatchkeyAuth.SignedOut(state, Reasons.SessionPending, state.SessionClaims)));
                return await SignedOutAsync(state, Reasons.SessionPending).ConfigureAwait(false);
            }

            Context.Features.Set(new LatchkeyAuthFeature(new LatchkeyAuth(state, state.SessionClaims, state.Machine, state.Token, null, api)));
            var principal = new ClaimsPrincipal(CreateIdentity(state));
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
        var entry = await GetEntryAsync().ConfigureAwait(false);
        if (entry.Redirected || Response.HasStarted)
        {
            return;
        }

        var state = entry.State;
        if (state.Status == LatchkeyAuthStatus.Handshake && state.Location is not null && Options.HandshakeMode != LatchkeyHandshakeMode.Never
            && !entry.HeadersWritten && await RedirectAsync(entry).ConfigureAwait(false))
        {
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(Names.Headers.WwwAuthenticate, ResponseRules.WwwAuthenticate(ResponseRules.ChallengeReason(state)));
    }

    private ClaimsIdentity CreateIdentity(LatchkeyRequestState state)
    {
        var identity = new ClaimsIdentity(LatchkeyDefaults.AuthenticationType, LatchkeyClaimTypes.Subject, LatchkeyClaimTypes.OrganizationRole);
        var issuer = Scheme.Name;
        if (state.SessionClaims is { } claims)
        {
            identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, claims.UserId, ClaimValueTypes.String, issuer));
            identity.AddClaim(new Claim(LatchkeyClaimTypes.TokenType, LatchkeyTokenTypeNames.SessionToken, ClaimValueTypes.String, issuer));
            AddIfPresent(identity, LatchkeyClaimTypes.OrganizationId, claims.OrganizationId, issuer);
            AddIfPresent(identity, LatchkeyClaimTypes.OrganizationSlug, claims.OrganizationSlug, issuer);
            AddIfPresent(identity, LatchkeyClaimTypes.OrganizationRole, claims.OrganizationRole, issuer);
            foreach (var permission in claims.OrganizationPermissions)
            {
                identity.AddClaim(new Claim(LatchkeyClaimTypes.OrganizationPermission, permission, ClaimValueTypes.String, issuer));
            }

            AddRawClaims(identity, claims.Payload, issuer);
        }
        else if (state.Machine is { } machine)
        {
            AddIfPresent(identity, LatchkeyClaimTypes.Subject, machine.Subject, issuer);
            AddIfPresent(identity, ClaimTypes.NameIdentifier, machine.Subject, issuer);
            identity.AddClaim(new Claim(LatchkeyClaimTypes.TokenType, LatchkeyTokenTypeNames.ToProtocolName(machine.TokenType)!, ClaimValueTypes.String, issuer));
            AddIfPresent(identity, "client_id", machine.ClientId, issuer);
            AddIfPresent(identity, "name", machine.Name, issuer);
            foreach (var scope in machine.Scopes)
            {
                identity.AddClaim(new Claim(LatchkeyClaimTypes.Scope, scope, ClaimValueTypes.String, issuer));
            }
        }

        return identity;
    }

    private static void AddIfPresent(ClaimsIdentity identity, string type, string? value, string issuer)
    {
        if (!string.IsNullOrEmpty(value))
        {
            identity.AddClaim(new Claim(type, value, ClaimValueTypes.String, issuer));
        }
    }

    /// <summary>Top-level payload claims as they are: strings, numbers and booleans as values, arrays as repeated claims, objects as JSON.</summary>
    private static void AddRawClaims(ClaimsIdentity identity, JsonElement payload, string issuer)
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
                identity.AddClaim(new Claim(property.Name, text, type, issuer));
            }
        }
    }
}
