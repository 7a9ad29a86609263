using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Latchkey.AspNetCore;

/// <summary>The context of <see cref="LatchkeyEvents.OnHandshake"/>.</summary>
public sealed class LatchkeyHandshakeContext : HandleRequestContext<LatchkeyAuthenticationOptions>
{
    /// <summary>Creates the context.</summary>
    /// <param name="context">The request.</param>
    /// <param name="scheme">The scheme.</param>
    /// <param name="options">The scheme's options.</param>
    /// <param name="state">The state whose <see cref="LatchkeyRequestState.Location"/> is about to be answered.</param>
    public LatchkeyHandshakeContext(HttpContext context, AuthenticationScheme scheme, LatchkeyAuthenticationOptions options, LatchkeyRequestState state)
        : base(context, scheme, options) => State = state;

    /// <summary>The state about to be answered with a 307.</summary>
    public LatchkeyRequestState State { get; }
}
