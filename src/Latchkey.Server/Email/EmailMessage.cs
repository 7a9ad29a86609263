namespace Latchkey.Server.Email;

/// <summary>One outgoing plain-text email.</summary>
internal sealed record EmailMessage(string To, string Subject, string Body, DateTimeOffset CreatedAt);
