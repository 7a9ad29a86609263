namespace Latchkey.AspNetCore;

/// <summary>
/// Hooks into the Latchkey handler, in the manner of <c>JwtBearerEvents</c>: replace a delegate
/// or derive and override (set <see cref="Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions.EventsType"/>).
/// </summary>
public class LatchkeyEvents
{
    private static readonly Func<LatchkeySignedInContext, Task> NoSignedInHook = _ => Task.CompletedTask;

    /// <summary>Called when a request is signed in, with the principal already built. May replace the principal or call <c>Fail</c>.</summary>
    public Func<LatchkeySignedInContext, Task> OnSignedIn { get; set; } = NoSignedInHook;

    /// <summary>
    /// Whether signing in has a hook to call: a delegate set on <see cref="OnSignedIn"/>, or a
    /// derived class (which may override <see cref="SignedIn"/>). Without one the handler skips
    /// making the event's context on every signed-in request.
    /// </summary>
    internal bool HasSignedInHook => GetType() != typeof(LatchkeyEvents) || !ReferenceEquals(OnSignedIn, NoSignedInHook);

    /// <summary>Called when a request is signed out (including a handshake that is not answered). May call <c>Success</c>, <c>Fail</c> or <c>NoResult</c>.</summary>
    public Func<LatchkeySignedOutContext, Task> OnSignedOut { get; set; } = _ => Task.CompletedTask;

    /// <summary>
    /// Called before the handler answers a redirect (handshake 307, or the development clean-up
    /// redirect). Call <c>HandleResponse()</c> after writing your own response, or <c>SkipHandler()</c>
    /// to continue without redirecting (the request is then signed out with the reason).
    /// </summary>
    public Func<LatchkeyHandshakeContext, Task> OnHandshake { get; set; } = _ => Task.CompletedTask;

    /// <summary>Invokes <see cref="OnSignedIn"/>.</summary>
    /// <param name="context">The context.</param>
    public virtual Task SignedIn(LatchkeySignedInContext context) => OnSignedIn(context);

    /// <summary>Invokes <see cref="OnSignedOut"/>.</summary>
    /// <param name="context">The context.</param>
    public virtual Task SignedOut(LatchkeySignedOutContext context) => OnSignedOut(context);

    /// <summary>Invokes <see cref="OnHandshake"/>.</summary>
    /// <param name="context">The context.</param>
    public virtual Task Handshake(LatchkeyHandshakeContext context) => OnHandshake(context);
}
