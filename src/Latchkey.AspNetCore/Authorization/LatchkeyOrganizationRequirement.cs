using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Latchkey.AspNetCore;

/// <summary>
/// Met when the signed-in session's active organization has the role and/or permission
/// (compared as <see cref="LatchkeyAuth.Has(string?, string?)"/> does).
/// </summary>
public sealed class LatchkeyOrganizationRequirement : AuthorizationHandler<LatchkeyOrganizationRequirement>, IAuthorizationRequirement
{
    /// <summary>Creates a requirement; at least one of the two must be given.</summary>
    /// <param name="role">The role, e.g. <c>org:admin</c>, or null.</param>
    /// <param name="permission">The permission, e.g. <c>org:invoices:read</c>, or null.</param>
    public LatchkeyOrganizationRequirement(string? role, string? permission)
    {
        if (role is null && permission is null)
        {
            throw new ArgumentException("Give a role, a permission, or both.");
        }

        Role = role;
        Permission = permission;
    }

    /// <summary>The required role, or null.</summary>
    public string? Role { get; }

    /// <summary>The required permission, or null.</summary>
    public string? Permission { get; }

    /// <inheritdoc/>
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, LatchkeyOrganizationRequirement requirement)
    {
        if (AuthOf(context) is { } auth && auth.Has(requirement.Role, requirement.Permission))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The Latchkey auth object of the request being authorized: from the <see cref="HttpContext"/>
    /// (endpoint routing, MVC filters), or null when the resource is not a request.
    /// </summary>
    internal static LatchkeyAuth? AuthOf(AuthorizationHandlerContext context)
    {
        var http = context.Resource switch
        {
            HttpContext h => h,
            Microsoft.AspNetCore.Mvc.Filters.AuthorizationFilterContext f => f.HttpContext,
            _ => null,
        };

        if (http is null || context.User.Identities.All(i => i.AuthenticationType != LatchkeyDefaults.AuthenticationType || !i.IsAuthenticated))
        {
            return null;
        }

        return http.GetLatchkeyAuth();
    }
}
