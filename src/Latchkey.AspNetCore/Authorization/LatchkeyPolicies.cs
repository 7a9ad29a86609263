using Microsoft.AspNetCore.Authorization;

namespace Latchkey.AspNetCore;

/// <summary>
/// Authorization with Latchkey: requirements for a signed-in session, an organization role and
/// an organization permission. A failed requirement of a signed-in user is 403; a request that is
/// not signed in is challenged (401 or the handshake).
/// </summary>
/// <example>
/// <code>
/// builder.Services.AddAuthorizationBuilder()
///     .AddPolicy("admins", p => p.RequireOrganizationRole("org:admin"))
///     .AddPolicy("invoices", p => p.RequireOrganizationPermission("org:invoices:read"));
/// app.MapGet("/admin", () => "ok").RequireAuthorization("admins");
/// </code>
/// </example>
public static class LatchkeyPolicies
{
    /// <summary>Requires a request signed in through Latchkey (a session token, or a machine token when accepted).</summary>
    /// <param name="builder">The policy builder.</param>
    /// <param name="schemes">The schemes to authenticate with. Default: <see cref="LatchkeyDefaults.AuthenticationScheme"/>.</param>
    public static AuthorizationPolicyBuilder RequireLatchkeySignedIn(this AuthorizationPolicyBuilder builder, params string[] schemes)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAuthenticationSchemes(schemes.Length == 0 ? [LatchkeyDefaults.AuthenticationScheme] : schemes);
        return builder.AddRequirements(LatchkeySignedInRequirement.Instance);
    }

    /// <summary>Requires a signed-in session whose active organization role is <paramref name="role"/> (<c>org:</c> prefix optional).</summary>
    /// <param name="builder">The policy builder.</param>
    /// <param name="role">The role, e.g. <c>org:admin</c>.</param>
    public static AuthorizationPolicyBuilder RequireOrganizationRole(this AuthorizationPolicyBuilder builder, string role)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(role);
        return builder.RequireLatchkeySignedIn().AddRequirements(new LatchkeyOrganizationRequirement(role, null));
    }

    /// <summary>Requires a signed-in session holding <paramref name="permission"/> in its active organization.</summary>
    /// <param name="builder">The policy builder.</param>
    /// <param name="permission">The permission, e.g. <c>org:invoices:read</c>.</param>
    public static AuthorizationPolicyBuilder RequireOrganizationPermission(this AuthorizationPolicyBuilder builder, string permission)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(permission);
        return builder.RequireLatchkeySignedIn().AddRequirements(new LatchkeyOrganizationRequirement(null, permission));
    }
}
