using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Tokens;

/// <summary>
/// A publishable key (protocol §1.1): <c>pk_test_</c> or <c>pk_live_</c> followed by the
/// standard base64 of <c>&lt;frontend API host&gt;$</c>. It names the Frontend API host and the
/// instance type, and determines the cookie suffix (§1.5).
/// </summary>
/// <example>
/// <code>
/// PublishableKey.TryParse("pk_test_ZXhhbXBsZS5hY2NvdW50cy5kZXYk", out var key);
/// // key.FrontendApiHost == "example.accounts.dev", key.InstanceType == Development, key.CookieSuffix == "PXVV4PZn"
/// </code>
/// </example>
public sealed class PublishableKey : IEquatable<PublishableKey>
{
    private const string TestPrefix = "pk_test_";
    private const string LivePrefix = "pk_live_";

    private PublishableKey(string value, string host, InstanceType type)
    {
        Value = value;
        FrontendApiHost = host;
        InstanceType = type;
        CookieSuffix = ComputeCookieSuffix(value);
    }

    /// <summary>The key exactly as given (padding included, if any).</summary>
    public string Value { get; }

    /// <summary>The Frontend API host (no scheme), e.g. <c>clerk.example.com</c> or <c>127.0.0.1:5100</c>.</summary>
    public string FrontendApiHost { get; }

    /// <summary>The instance type: production for <c>pk_live_</c>, otherwise development.</summary>
    public InstanceType InstanceType { get; }

    /// <summary>The cookie suffix (§1.5): the first 8 characters of base64url(SHA-1(key)).</summary>
    public string CookieSuffix { get; }

    /// <summary>
    /// Parses a publishable key with the protocol's rules: prefix <c>pk_live_</c>/<c>pk_test_</c>,
    /// exactly three <c>_</c>-separated parts, a base64 body (padding optional) that decodes to
    /// text ending in a single <c>$</c> and whose host contains a <c>.</c>.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out PublishableKey? key)
    {
        key = null;
        if (value is null || value.Length > 1024)
        {
            return false;
        }

        InstanceType type;
        if (value.StartsWith(LivePrefix, StringComparison.Ordinal))
        {
            type = InstanceType.Production;
        }
        else if (value.StartsWith(TestPrefix, StringComparison.Ordinal))
        {
            type = InstanceType.Development;
        }
        else
        {
            return false;
        }

        string[] parts = value.Split('_');
        if (parts.Length != 3 || parts[2].Length == 0)
        {
            return false;
        }

        string body = parts[2];
        if (body.Length % 4 != 0)
        {
            body += new string('=', 4 - body.Length % 4);
        }

        var bytes = new byte[body.Length];
        if (!Convert.TryFromBase64String(body, bytes, out int written))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, true).GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        if (!decoded.EndsWith('$') || decoded.IndexOf('$') != decoded.Length - 1)
        {
            return false;
        }

        string host = decoded[..^1];
        if (!host.Contains('.'))
        {
            return false;
        }

        key = new PublishableKey(value, host, type);
        return true;
    }

    /// <summary>Parses a publishable key.</summary>
    /// <exception cref="FormatException">The value is not a publishable key.</exception>
    public static PublishableKey Parse(string value) =>
        TryParse(value, out PublishableKey? key) ? key : throw new FormatException("Not a publishable key: expected pk_test_<base64> or pk_live_<base64> encoding \"<host>$\".");

    /// <summary>Builds the publishable key of a Frontend API host (padding stripped, as Clerk does).</summary>
    /// <param name="frontendApiHost">A host without scheme, with a <c>.</c> and without <c>$</c>, e.g. <c>127.0.0.1:5100</c>.</param>
    /// <param name="instanceType">Development (<c>pk_test_</c>) or production (<c>pk_live_</c>).</param>
    public static PublishableKey Create(string frontendApiHost, InstanceType instanceType)
    {
        ArgumentException.ThrowIfNullOrEmpty(frontendApiHost);
        if (frontendApiHost.Contains('$') || !frontendApiHost.Contains('.') || frontendApiHost.Contains("://", StringComparison.Ordinal)
            || frontendApiHost.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException("The Frontend API host must be a bare host (no scheme, no '$', no spaces) containing a '.', e.g. clerk.example.com or 127.0.0.1:5100.", nameof(frontendApiHost));
        }

        string body = Convert.ToBase64String(Encoding.UTF8.GetBytes(frontendApiHost + "$")).TrimEnd('=');
        string value = (instanceType == InstanceType.Production ? LivePrefix : TestPrefix) + body;
        return Parse(value);
    }

    /// <summary>The cookie suffix of any publishable key string (§1.5): first 8 characters of the URL-safe base64 of SHA-1 over its UTF-8 bytes.</summary>
    public static string ComputeCookieSuffix(string publishableKey)
    {
        ArgumentNullException.ThrowIfNull(publishableKey);
        byte[] hash = SHA1.HashData(Encoding.UTF8.GetBytes(publishableKey));
        return Convert.ToBase64String(hash).Replace('+', '-').Replace('/', '_')[..8];
    }

    /// <inheritdoc/>
    public bool Equals(PublishableKey? other) => other is not null && other.Value == Value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PublishableKey);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc/>
    public override string ToString() => Value;
}
