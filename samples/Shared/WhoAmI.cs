using System.Text.Json.Serialization;
using Latchkey.AspNetCore;

namespace Latchkey.Demo;

/// <summary>
/// The answer of every demo endpoint: who the request is signed in as, and how the token came
/// (<c>cookie</c>: the <c>__session</c> cookie of a same-origin call; <c>header</c>:
/// <c>Authorization: Bearer</c>).
/// </summary>
internal sealed record WhoAmI(
    [property: JsonPropertyName("userId")] string UserId,
    [property: JsonPropertyName("sessionId")] string SessionId,
    [property: JsonPropertyName("carrier")] string Carrier)
{
    /// <summary>The value of <see cref="Carrier"/> for a token from the <c>__session</c> cookie.</summary>
    public const string CookieCarrier = "cookie";

    /// <summary>The value of <see cref="Carrier"/> for a token from <c>Authorization: Bearer</c>.</summary>
    public const string HeaderCarrier = "header";

    /// <summary>
    /// The signed-in request's identity. Latchkey reads the <c>Authorization</c> header when there
    /// is one and the cookie only otherwise (design.md, the three request states), so a signed-in
    /// request with the header was authenticated by it.
    /// </summary>
    public static WhoAmI From(HttpContext context)
    {
        var auth = context.GetLatchkeyAuth();
        var carrier = context.Request.Headers.Authorization.Count > 0 ? HeaderCarrier : CookieCarrier;
        return new WhoAmI(auth.UserId ?? "", auth.SessionId ?? "", carrier);
    }
}
