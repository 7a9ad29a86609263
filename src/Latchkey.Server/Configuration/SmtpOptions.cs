namespace Latchkey.Server.Configuration;

/// <summary>
/// Outgoing mail (configuration section <c>Latchkey:Smtp</c>). Production instances require
/// <see cref="Host"/>; development instances print mail to the console and show it at
/// <c>/dev/mailbox</c>, and also send it over SMTP when a host is configured.
/// </summary>
public sealed class SmtpOptions
{
    /// <summary>SMTP server host name. Default: <c>null</c> (no SMTP).</summary>
    public string? Host { get; set; }

    /// <summary>SMTP server port. Default: 587 (submission with STARTTLS).</summary>
    public int Port { get; set; } = 587;

    /// <summary>
    /// Transport security: <c>StartTls</c> (default, required), <c>SslOnConnect</c> (port 465),
    /// <c>StartTlsWhenAvailable</c> or <c>None</c> (only for a relay on the same host).
    /// </summary>
    public string Security { get; set; } = "StartTls";

    /// <summary>User name for SMTP authentication. Default: <c>null</c> (no authentication).</summary>
    public string? Username { get; set; }

    /// <summary>Password for SMTP authentication. Default: <c>null</c>.</summary>
    public string? Password { get; set; }

    /// <summary>Sender address. Default: <c>no-reply@latchkey.invalid</c>.</summary>
    public string From { get; set; } = "no-reply@latchkey.invalid";

    /// <summary>Sender display name. Default: <c>Latchkey</c>.</summary>
    public string FromName { get; set; } = "Latchkey";

    /// <summary>Time allowed for one delivery (connect, authenticate, send). Default: 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
