using System.Net.Mail;
using Latchkey.Server.Storage;

namespace Latchkey.Server.Users;

/// <summary>Validation and normalisation of email addresses, user names and names.</summary>
internal static class Identifiers
{
    public static string Normalize(string identifier) => identifier.Trim().ToLowerInvariant();

    public static bool IsEmailAddress(string value) =>
        value.Length <= StorageLimits.EmailAddress
        && value.Contains('@', StringComparison.Ordinal)
        && !value.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(value, out var parsed)
        && parsed.Address == value
        && parsed.Host.Contains('.', StringComparison.Ordinal);

    /// <summary>3–64 characters of letters, digits, '_', '-' and '.'; not an email address.</summary>
    public static bool IsUsername(string value) =>
        value.Length is >= 3 and <= StorageLimits.Username
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    /// <summary>Names: at most 256 characters, no control characters.</summary>
    public static bool IsName(string value) =>
        value.Length <= StorageLimits.Name && !value.Any(char.IsControl);
}
