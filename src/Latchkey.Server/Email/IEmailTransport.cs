namespace Latchkey.Server.Email;

/// <summary>A way mail leaves the server (SMTP, the development console and mailbox).</summary>
internal interface IEmailTransport
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
