using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Latchkey.AspNetCore;

/// <summary>Met when the request is signed in through Latchkey (<see cref="LatchkeyAuth.IsSignedIn"/>).</summary>
public sealed class LatchkeySignedInRequirement : AuthorizationHandler<LatchkeySignedInRequirement>, IAuthorizationRequirement
{
    /// <summary>The shared instance.</summary>
    public static LatchkeySignedInRequirement Instance { get; } = new();

    /// <inheritdoc/>
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, LatchkeySignedInRequirement requirement)
    {
        if (LatchkeyOrganizationRequirement.AuthOf(context) is { IsSignedIn: true })
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
