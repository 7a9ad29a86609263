namespace Latchkey.Tokens;

/// <summary>
/// The <c>act</c> claim (protocol §3.2): the actor behind an impersonated session.
/// </summary>
/// <param name="Subject">The impersonator's user id (<c>act.sub</c>); required.</param>
/// <param name="SessionId">The impersonator's session id (<c>act.sid</c>), optional.</param>
/// <param name="Issuer">Where the impersonation started (<c>act.iss</c>, e.g. a dashboard URL), optional.</param>
/// <param name="Type">The actor type (<c>act.type</c>, e.g. <c>agent</c>), optional.</param>
public sealed record ActorClaim(string Subject, string? SessionId = null, string? Issuer = null, string? Type = null);
