using Latchkey.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Email;

/// <summary>
/// Sends the server's mails: verification codes and the "you already have an account" notice.
/// Production: SMTP. Development: the console and mailbox, plus SMTP when a host is set.
/// </summary>
internal sealed class EmailSender(
    IOptions<LatchkeyServerOptions> options,
    SmtpEmailTransport smtp,
    DevelopmentMailbox mailbox,
    TimeProvider time,
    ILogger<EmailSender> logger)
{
    /// <summary>Sends; false when delivery failed (logged without the message content).</summary>
    public async Task<bool> SendAsync(string to, string subject, string body, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var message = new EmailMessage(to, subject, body, time.GetUtcNow());
        if (settings.IsDevelopmentInstance)
        {
            await mailbox.SendAsync(message, cancellationToken);
        }

        if (string.IsNullOrWhiteSpace(settings.Smtp.Host))
        {
            return settings.IsDevelopmentInstance;
        }

        try
        {
            await smtp.SendAsync(message, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.EmailDeliveryFailed(logger, e.GetType().Name, e.Message);
            return false;
        }
    }

    public Task<bool> SendCodeAsync(string to, string code, TimeSpan lifetime, CancellationToken cancellationToken) =>
        SendAsync(to, $"{code} is your verification code",
            $"""
            Your verification code is {code}.

            It expires in {(int)Math.Ceiling(lifetime.TotalMinutes)} minutes. If you did not ask for it, ignore this message.
            """, cancellationToken);

    public Task<bool> SendAccountExistsAsync(string to, CancellationToken cancellationToken) =>
        SendAsync(to, "You already have an account",
            """
            Someone (perhaps you) tried to sign up with this email address, which already has an account.
            Sign in instead, or ignore this message if it was not you.
            """, cancellationToken);
}
