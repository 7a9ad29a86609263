using Microsoft.AspNetCore.Http;

namespace Latchkey.AspNetCore;

/// <summary>Reads Latchkey's authentication of the current request.</summary>
public static class LatchkeyHttpContextExtensions
{
    private static readonly LatchkeyAuth Unauthenticated = LatchkeyAuth.SignedOut(null, null);

    /// <summary>
    /// Returns the Latchkey auth object of this request. It is set when the Latchkey handler
    /// authenticates the request (by <c>UseAuthentication()</c> when Latchkey is the default scheme,
    /// or by <c>AuthenticateAsync("Latchkey")</c>); before that it is a signed-out object with no reason.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <example><code>app.MapGet("/me", (HttpContext http) => http.GetLatchkeyAuth().UserId).RequireAuthorization();</code></example>
    public static LatchkeyAuth GetLatchkeyAuth(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<LatchkeyAuthFeature>()?.Auth ?? Unauthenticated;
    }
}

/// <summary>The request feature holding the auth object (internal: read it with <c>GetLatchkeyAuth()</c>).</summary>
internal sealed class LatchkeyAuthFeature(LatchkeyAuth auth)
{
    public LatchkeyAuth Auth { get; } = auth;
}
