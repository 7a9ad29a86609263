using Latchkey.Server.Configuration;
using Latchkey.Server.Storage.Entities;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Sessions;

/// <summary>Applies the maximum lifetime and inactivity timeout to a stored status.</summary>
internal sealed class SessionLifetime(IOptions<LatchkeyServerOptions> options)
{
    public DateTimeOffset ExpireAtFor(DateTimeOffset createdAt) => createdAt + options.Value.SessionMaximumLifetime;

    /// <summary>The status in effect at <paramref name="now"/>: an active session past its end is expired.</summary>
    public string EffectiveStatus(string storedStatus, DateTimeOffset expireAt, DateTimeOffset lastActiveAt, DateTimeOffset now)
    {
        if (storedStatus != SessionStatus.Active)
        {
            return storedStatus;
        }

        if (now >= expireAt)
        {
            return SessionStatus.Expired;
        }

        return options.Value.SessionInactivityTimeout is { } inactivity && now >= lastActiveAt + inactivity
            ? SessionStatus.Expired
            : SessionStatus.Active;
    }

    /// <summary>When an active session would become inactive, for <c>abandon_at</c>.</summary>
    public DateTimeOffset AbandonAt(DateTimeOffset expireAt, DateTimeOffset lastActiveAt) =>
        options.Value.SessionInactivityTimeout is { } inactivity && lastActiveAt + inactivity < expireAt ? lastActiveAt + inactivity : expireAt;
}
