using MailKit.Security;

namespace Latchkey.Server.Configuration;

/// <summary>Maps the <c>Smtp:Security</c> setting onto MailKit's socket options.</summary>
internal static class SmtpSecurity
{
    public static bool TryParse(string? value, out SecureSocketOptions options)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case "STARTTLS": options = SecureSocketOptions.StartTls; return true;
            case "SSLONCONNECT": options = SecureSocketOptions.SslOnConnect; return true;
            case "STARTTLSWHENAVAILABLE": options = SecureSocketOptions.StartTlsWhenAvailable; return true;
            case "NONE": options = SecureSocketOptions.None; return true;
            default: options = SecureSocketOptions.None; return false;
        }
    }
}
