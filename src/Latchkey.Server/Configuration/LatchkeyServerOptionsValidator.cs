using System.Net;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Configuration;

/// <summary>
/// Checks <see cref="LatchkeyServerOptions"/> at start (registered with <c>ValidateOnStart</c>).
/// Every failure names the setting and says how to fix it.
/// </summary>
public sealed class LatchkeyServerOptionsValidator : IValidateOptions<LatchkeyServerOptions>
{
    private const string P = LatchkeyServerOptions.SectionName + ":";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, LatchkeyServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var production = options.InstanceType == InstanceType.Production;

        ValidateFrontendApiUrl(options, production, errors);
        foreach (var origin in options.AllowedOrigins)
        {
            if (!OriginText.TryNormalize(origin, out _))
            {
                errors.Add($"{P}AllowedOrigins contains '{origin}', which is not an origin. Write scheme, host and optional port only, e.g. https://app.example.com.");
            }
            else if (production && !origin.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{P}AllowedOrigins contains '{origin}'; a production instance allows https origins only.");
            }
        }

        ValidateCookieDomain(options, production, errors);
        Range(errors, "TokenLifetime", options.TokenLifetime, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Range(errors, "BackendTokenMaximumLifetime", options.BackendTokenMaximumLifetime, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Range(errors, "SigningKeyRefreshInterval", options.SigningKeyRefreshInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        Range(errors, "NotBeforeOffset", options.NotBeforeOffset, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        Range(errors, "SessionMaximumLifetime", options.SessionMaximumLifetime, TimeSpan.FromSeconds(1), TimeSpan.FromDays(3650));
        if (options.SessionInactivityTimeout is { } inactivity)
        {
            Range(errors, "SessionInactivityTimeout", inactivity, TimeSpan.FromSeconds(1), options.SessionMaximumLifetime);
        }

        Range(errors, "ClientCookieLifetime", options.ClientCookieLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromDays(400));
        Range(errors, "EmailCodeLifetime", options.EmailCodeLifetime, TimeSpan.FromSeconds(1), TimeSpan.FromHours(24));
        Range(errors, "HandshakeNonceLifetime", options.HandshakeNonceLifetime, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Range(errors, "SessionCacheDuration", options.SessionCacheDuration, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        Range(errors, "LastActiveFlushInterval", options.LastActiveFlushInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5));
        if (options.EmailCodeMaxAttempts is < 1 or > 20)
        {
            errors.Add($"{P}EmailCodeMaxAttempts is {options.EmailCodeMaxAttempts}; set a number from 1 to 20.");
        }

        if (options.MaxRequestBodyBytes is < 1024 or > 1024 * 1024)
        {
            errors.Add($"{P}MaxRequestBodyBytes is {options.MaxRequestBodyBytes}; set a size from 1024 to 1048576 bytes.");
        }

        if (string.IsNullOrWhiteSpace(options.DataFolder))
        {
            errors.Add($"{P}DataFolder is empty; set a folder the server may write to, e.g. .data.");
        }

        ValidateDatabase(options, errors);
        ValidatePasswords(options.Passwords, production, errors);
        ValidateRateLimits(options.RateLimits, errors);
        ValidateSmtp(options.Smtp, production, errors);
        ValidateKeyEncryption(options, production, errors);
        ValidateRevocation(options.Revocation, errors);
        ValidateProxy(options.Proxy, errors);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateFrontendApiUrl(LatchkeyServerOptions options, bool production, List<string> errors)
    {
        if (!Uri.TryCreate(options.FrontendApiUrl, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            errors.Add($"{P}FrontendApiUrl '{options.FrontendApiUrl}' is not a plain origin. Write scheme, host and optional port, e.g. http://127.0.0.1:5100 or https://auth.example.com.");
            return;
        }

        if (!uri.Host.Contains('.', StringComparison.Ordinal))
        {
            errors.Add($"{P}FrontendApiUrl host '{uri.Host}' has no dot; Clerk-compatible SDKs refuse such publishable keys. Use 127.0.0.1 instead of localhost.");
        }

        if (uri.Host.Contains('_', StringComparison.Ordinal))
        {
            errors.Add($"{P}FrontendApiUrl host '{uri.Host}' contains '_', which a publishable key cannot encode. Choose a host name without underscores.");
        }

        if (production && uri.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{P}FrontendApiUrl must use https on a production instance (cookies are Secure). Put the server behind TLS and set https://<host>.");
        }
    }

    private static void ValidateCookieDomain(LatchkeyServerOptions options, bool production, List<string> errors)
    {
        var domain = options.CookieDomain?.Trim().TrimStart('.');
        if (string.IsNullOrEmpty(domain))
        {
            if (production)
            {
                errors.Add($"{P}CookieDomain is required on a production instance: set it to the registrable domain your apps share with the server, e.g. example.com.");
            }

            return;
        }

        if (IPAddress.TryParse(domain, out _) || !domain.Contains('.', StringComparison.Ordinal) || Uri.CheckHostName(domain) != UriHostNameType.Dns)
        {
            errors.Add($"{P}CookieDomain '{options.CookieDomain}' is not a domain name with a dot; leave it empty for host-only cookies (e.g. on 127.0.0.1) or set e.g. example.com.");
            return;
        }

        if (Uri.TryCreate(options.FrontendApiUrl, UriKind.Absolute, out var uri)
            && !uri.Host.Equals(domain, StringComparison.OrdinalIgnoreCase)
            && !uri.Host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{P}CookieDomain '{domain}' does not contain the FrontendApiUrl host '{uri.Host}'; browsers would drop the cookies. Use a parent domain of the server's host.");
        }
    }

    private static void ValidateDatabase(LatchkeyServerOptions options, List<string> errors)
    {
        var db = options.Database;
        if (db.Provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(db.ConnectionString))
        {
            errors.Add($"{P}Database:ConnectionString is required for PostgreSQL, e.g. Host=127.0.0.1;Database=latchkey;Username=latchkey;Password=....");
        }

        if (db.EffectiveProvider == DatabaseProvider.Sqlite && !string.IsNullOrWhiteSpace(db.ConnectionString)
            && !db.ConnectionString.Contains("Data Source", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{P}Database:ConnectionString for SQLite needs 'Data Source=<file>'; for PostgreSQL set {P}Database:Provider to PostgreSql.");
        }

        Range(errors, "Database:ConnectTimeout", db.ConnectTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Range(errors, "Database:CommandTimeout", db.CommandTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(300));
        Range(errors, "Database:UnavailableRetryAfter", db.UnavailableRetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(300));
    }

    private static void ValidatePasswords(PasswordHashingOptions passwords, bool production, List<string> errors)
    {
        var minimumIterations = production ? PasswordHashingOptions.RecommendedIterations : 1;
        if (passwords.Iterations < minimumIterations || passwords.Iterations > 10_000_000)
        {
            errors.Add($"{P}Passwords:Iterations is {passwords.Iterations}; set a number from {minimumIterations} to 10000000 (OWASP recommends {PasswordHashingOptions.RecommendedIterations}).");
        }

        if (passwords.MinimumLength < 8 || passwords.MaximumLength > 1024 || passwords.MinimumLength > passwords.MaximumLength)
        {
            errors.Add($"{P}Passwords:MinimumLength/MaximumLength are {passwords.MinimumLength}/{passwords.MaximumLength}; the minimum must be at least 8 and not above the maximum, the maximum at most 1024.");
        }

        if (passwords.MaxConcurrentHashes is < 1 or > 1024)
        {
            errors.Add($"{P}Passwords:MaxConcurrentHashes is {passwords.MaxConcurrentHashes}; set a number from 1 to 1024 (default: half the processor count).");
        }

        if (passwords.HashQueueLimit is < 0 or > 100_000)
        {
            errors.Add($"{P}Passwords:HashQueueLimit is {passwords.HashQueueLimit}; set a number from 0 to 100000.");
        }
    }

    private static void ValidateRateLimits(RateLimitOptions limits, List<string> errors)
    {
        Range(errors, "RateLimits:Window", limits.Window, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Positive(errors, "RateLimits:CredentialRequestsPerIp", limits.CredentialRequestsPerIp);
        Positive(errors, "RateLimits:CredentialAttemptsPerIdentifier", limits.CredentialAttemptsPerIdentifier);
        Positive(errors, "RateLimits:TokenRequestsPerIp", limits.TokenRequestsPerIp);
        Positive(errors, "RateLimits:OtherRequestsPerIp", limits.OtherRequestsPerIp);
        Positive(errors, "RateLimits:BackendRequestsPerIp", limits.BackendRequestsPerIp);
        Positive(errors, "RateLimits:LockoutThreshold", limits.LockoutThreshold);
        Range(errors, "RateLimits:LockoutBaseDuration", limits.LockoutBaseDuration, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Range(errors, "RateLimits:LockoutMaximumDuration", limits.LockoutMaximumDuration, limits.LockoutBaseDuration, TimeSpan.FromDays(7));
        Range(errors, "RateLimits:FailureMemory", limits.FailureMemory, TimeSpan.FromSeconds(1), TimeSpan.FromDays(30));
    }

    private static void ValidateSmtp(SmtpOptions smtp, bool production, List<string> errors)
    {
        if (production && string.IsNullOrWhiteSpace(smtp.Host))
        {
            errors.Add($"{P}Smtp:Host is required on a production instance (verification codes are mailed); set the SMTP relay host, port and credentials.");
        }

        if (smtp.Port is < 1 or > 65535)
        {
            errors.Add($"{P}Smtp:Port is {smtp.Port}; set a TCP port from 1 to 65535 (587 for submission, 465 for SMTPS).");
        }

        if (!SmtpSecurity.TryParse(smtp.Security, out _))
        {
            errors.Add($"{P}Smtp:Security is '{smtp.Security}'; set StartTls, SslOnConnect, StartTlsWhenAvailable or None.");
        }

        if (!MimeKit.MailboxAddress.TryParse(smtp.From, out _) || !smtp.From.Contains('@', StringComparison.Ordinal))
        {
            errors.Add($"{P}Smtp:From '{smtp.From}' is not an email address; set e.g. no-reply@example.com.");
        }

        Range(errors, "Smtp:Timeout", smtp.Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
    }

    private static void ValidateKeyEncryption(LatchkeyServerOptions options, bool production, List<string> errors)
    {
        if (!production)
        {
            return;
        }

        var variable = options.KeyEncryption.EnvironmentVariable;
        var fromEnvironment = !string.IsNullOrEmpty(variable) && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable));
        if (!fromEnvironment && !File.Exists(options.KeyEncryptionKeyFilePath))
        {
            errors.Add($"A production instance needs a key-encryption key: set the environment variable {variable} or create the file {options.KeyEncryptionKeyFilePath} (mode 0600) holding base64 of 32 random bytes, e.g. `head -c 32 /dev/urandom | base64`. See docs/server.md.");
        }
    }

    private static void ValidateProxy(ProxyOptions proxy, List<string> errors)
    {
        foreach (var address in proxy.KnownProxies)
        {
            if (!System.Net.IPAddress.TryParse(address, out _))
            {
                errors.Add($"Latchkey:Proxy:KnownProxies: \"{address}\" is not an IP address; list the proxy's address as it connects to the server (e.g. 10.0.0.5).");
            }
        }

        foreach (var network in proxy.KnownNetworks)
        {
            if (!System.Net.IPNetwork.TryParse(network, out _))
            {
                errors.Add($"Latchkey:Proxy:KnownNetworks: \"{network}\" is not a network in CIDR notation (e.g. 10.0.0.0/8).");
            }
        }

        if (proxy.ForwardLimit is < 1 or > 10)
        {
            errors.Add($"Latchkey:Proxy:ForwardLimit must be 1 to 10 (the number of proxies in front of the server); it is {proxy.ForwardLimit}.");
        }
    }

    private static void ValidateRevocation(RevocationOptions revocation, List<string> errors)
    {
        Range(errors, "Revocation:PollInterval", revocation.PollInterval, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10));
        Range(errors, "Revocation:RetentionGrace", revocation.RetentionGrace, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        Range(errors, "Revocation:JanitorInterval", revocation.JanitorInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Range(errors, "Revocation:StreamHeartbeatInterval", revocation.StreamHeartbeatInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Range(errors, "Revocation:DatabaseOutageGrace", revocation.DatabaseOutageGrace, TimeSpan.Zero, RevocationOptions.MaximumDatabaseOutageGrace);
    }

    private static void Range(List<string> errors, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{P}{name} is {value}; set a duration from {min} to {max} (format d.hh:mm:ss).");
        }
    }

    private static void Positive(List<string> errors, string name, int value)
    {
        if (value < 1)
        {
            errors.Add($"{P}{name} is {value}; set a positive number.");
        }
    }
}
