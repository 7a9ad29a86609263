using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Latchkey.AspNetCore;

/// <summary>The context of <see cref="LatchkeyEvents.OnSignedIn"/>.</summary>
public sealed class LatchkeySignedInContext : ResultContext<LatchkeyAuthenticationOptions>
{
    /// <summary>Creates the context.</summary>
    /// <param name="context">The request.</param>
    /// <param name="scheme">The scheme.</param>
    /// <param name="options">The scheme's options.</param>
    /// <param name="state">The signed-in state.</param>
    public LatchkeySignedInContext(HttpContext context, AuthenticationScheme scheme, LatchkeyAuthenticationOptions options, LatchkeyRequestState state)
        : base(context, scheme, options) => State = state;

    /// <summary>The classifier's state (signed in).</summary>
    public LatchkeyRequestState State { get; }
}
