using System.Text.Json;
using Latchkey.AspNetCore.BackendApi;

namespace Latchkey.AspNetCore;

/// <summary>
/// What application code sees of the current request's authentication
/// (<c>HttpContext.GetLatchkeyAuth()</c>): who is signed in, in which session and organization,
/// with which permissions, and a way to obtain a token for calling other services.
/// </summary>
public sealed class LatchkeyAuth
{
    private readonly BackendApiClient? _api;

    internal LatchkeyAuth(LatchkeyRequestState? state, LatchkeySessionClaims? claims, LatchkeyMachineIdentity? machine, string? token, string? reason, BackendApiClient? api)
    {
        State = state;
        Claims = claims;
        Machine = machine;
        Token = token;
        Reason = reason;
        _api = api;
    }

    /// <summary>Whether this object calls the Backend API through <paramref name="api"/>.</summary>
    internal bool HasApi(BackendApiClient? api) => ReferenceEquals(_api, api);

    internal static LatchkeyAuth SignedOut(LatchkeyRequestState? state, string? reason, LatchkeySessionClaims? pendingClaims = null) =>
        new(state, pendingClaims, null, null, reason, null);

    /// <summary>The classifier's full state for this request, when the handler ran.</summary>
    public LatchkeyRequestState? State { get; }

    /// <summary>Whether a session (or, with machine tokens accepted, a machine) is signed in.</summary>
    public bool IsSignedIn => Token is not null;

    /// <summary>Why the request is not signed in (a reason code), or null when signed in.</summary>
    public string? Reason { get; }

    /// <summary>The kind of credential, or <see cref="LatchkeyTokenTypes.None"/> when signed out.</summary>
    public LatchkeyTokenTypes TokenType => Token is null ? LatchkeyTokenTypes.None : Machine?.TokenType ?? LatchkeyTokenTypes.SessionToken;

    /// <summary>The user id (<c>sub</c>), or for an API key owned by a user its subject; null when signed out.</summary>
    public string? UserId => Token is null ? null
        : Claims?.UserId ?? (Machine?.Subject is { } s && s.StartsWith("user_", StringComparison.Ordinal) ? s : null);

    /// <summary>The session id (<c>sid</c>); null when signed out.</summary>
    public string? SessionId => Token is null ? null : Claims?.SessionId;

    /// <summary>The session status (<c>active</c>, <c>pending</c>); a pending session is reported here even when signed out.</summary>
    public string? SessionStatus => Claims?.SessionStatus;

    /// <summary>The active organization's id; null when none or signed out.</summary>
    public string? OrganizationId => Token is null ? null
        : Claims?.OrganizationId ?? (Machine?.Subject is { } s && s.StartsWith("org_", StringComparison.Ordinal) ? s : null);

    /// <summary>The active organization's slug; null when none or signed out.</summary>
    public string? OrganizationSlug => Token is null ? null : Claims?.OrganizationSlug;

    /// <summary>The role in the active organization (<c>org:</c> prefixed); null when none or signed out.</summary>
    public string? OrganizationRole => Token is null ? null : Claims?.OrganizationRole;

    /// <summary>The permissions in the active organization; empty when none or signed out.</summary>
    public IReadOnlyList<string> OrganizationPermissions => Token is null ? [] : Claims?.OrganizationPermissions ?? [];

    /// <summary>Minutes since first/second factor verification (<c>fva</c>), when the token carries it.</summary>
    public IReadOnlyList<int>? FactorVerificationAge => Token is null ? null : Claims?.FactorVerificationAge;

    /// <summary>The actor (<c>act</c>) of an impersonation session, when present.</summary>
    public JsonElement? Actor => Token is null ? null : Claims?.Actor;

    /// <summary>The verified session claims (raw payload included) when signed in with a session token.</summary>
    public LatchkeySessionClaims? Claims { get; }

    /// <summary>The verified machine identity when signed in with a machine token.</summary>
    public LatchkeyMachineIdentity? Machine { get; }

    /// <summary>The request's own verified credential; null when signed out.</summary>
    public string? Token { get; }

    /// <summary>
    /// Whether the signed-in session has the organization role or permission. Names are compared
    /// with the <c>org:</c> prefix normalised (<c>admin</c> equals <c>org:admin</c>). With both
    /// arguments, both must hold. False when signed out or no organization is active.
    /// </summary>
    /// <param name="role">A role, e.g. <c>org:admin</c>.</param>
    /// <param name="permission">A permission, e.g. <c>org:invoices:read</c>.</param>
    public bool Has(string? role = null, string? permission = null)
    {
        if (!IsSignedIn || Claims is null || (role is null && permission is null))
        {
            return false;
        }

        if (role is not null && !string.Equals(Normalize(role), Normalize(Claims.OrganizationRole), StringComparison.Ordinal))
        {
            return false;
        }

        return permission is null || Claims.OrganizationPermissions.Any(p => Normalize(p) == Normalize(permission));
    }

    /// <summary>
    /// Returns a session token for calling other services: without options the request's own token;
    /// with a template or a lifetime, a new token minted through the Backend API
    /// (<c>POST /v1/sessions/{sid}/tokens[/{template}]</c>). Null when signed out or the mint failed.
    /// </summary>
    /// <param name="template">A JWT template name, or null for a session token.</param>
    /// <param name="expiresInSeconds">The lifetime of a minted token in seconds, or null for the server's default.</param>
    /// <param name="cancellationToken">Cancels the Backend API call.</param>
    public async Task<string?> GetTokenAsync(string? template = null, int? expiresInSeconds = null, CancellationToken cancellationToken = default)
    {
        if (!IsSignedIn)
        {
            return null;
        }

        if (template is null && expiresInSeconds is null)
        {
            return Token;
        }

        if (_api is null || SessionId is not { } sid)
        {
            return null;
        }

        var result = await _api.CreateSessionTokenAsync(sid, template, expiresInSeconds, cancellationToken).ConfigureAwait(false);
        return result.IsSuccess ? BackendApiClient.GetString(result.Body!.Value, "jwt") : null;
    }

    private static string? Normalize(string? name) =>
        name is null ? null : name.StartsWith("org:", StringComparison.Ordinal) ? name : "org:" + name;
}
