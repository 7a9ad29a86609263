namespace Latchkey.AspNetCore;

/// <summary>The three request states (design.md, protocol.md §5.10).</summary>
public enum LatchkeyAuthStatus
{
    /// <summary>No credential, or a credential that failed; the reason says why (<c>signed-out</c>).</summary>
    SignedOut = 0,

    /// <summary>A valid credential (<c>signed-in</c>).</summary>
    SignedIn = 1,

    /// <summary>A stale cookie state on a page navigation: redirect through the Frontend API (<c>handshake</c>).</summary>
    Handshake = 2,
}
