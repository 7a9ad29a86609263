using Latchkey.Server.Storage.Entities;

namespace Latchkey.Server.HostedPages;

/// <summary>How the pages name a user: full name, else user name, else email address.</summary>
internal static class UserDisplay
{
    public static string Name(UserEntity user)
    {
        var full = string.Join(' ', new[] { user.FirstName, user.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return full.Length > 0 ? full : user.Username ?? Email(user) ?? user.Id;
    }

    /// <summary>The primary email address (else the first one), or null.</summary>
    public static string? Email(UserEntity user) =>
        (user.EmailAddresses.FirstOrDefault(e => e.Id == user.PrimaryEmailAddressId) ?? user.EmailAddresses.FirstOrDefault())?.Address;
}
