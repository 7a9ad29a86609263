using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Latchkey.AspNetCore;

/// <summary>The context of <see cref="LatchkeyEvents.OnSignedOut"/>.</summary>
public sealed class LatchkeySignedOutContext : ResultContext<LatchkeyAuthenticationOptions>
{
    /// <summary>Creates the context.</summary>
    /// <param name="context">The request.</param>
    /// <param name="scheme">The scheme.</param>
    /// <param name="options">The scheme's options.</param>
    /// <param name="state">The signed-out (or unanswered handshake) state.</param>
    public LatchkeySignedOutContext(HttpContext context, AuthenticationScheme scheme, LatchkeyAuthenticationOptions options, LatchkeyRequestState state)
        : base(context, scheme, options) => State = state;

    /// <summary>The classifier's state; <see cref="LatchkeyRequestState.Reason"/> says why.</summary>
    public LatchkeyRequestState State { get; }
}
