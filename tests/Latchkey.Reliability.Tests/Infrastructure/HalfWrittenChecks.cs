using System.Data.Common;
using System.Globalization;

namespace Latchkey.Reliability.Tests.Infrastructure;

/// <summary>
/// One rule that a write path keeps inside its transaction: rows that only make sense together.
/// A crash between the statements of a transaction that did not commit atomically would leave a
/// row that breaks it. <see cref="Sql"/> counts the rows that break the rule.
/// </summary>
/// <param name="Name">What the offending rows are, in words (used in the problem report).</param>
/// <param name="WritePaths">The write paths that keep the rule in one transaction.</param>
/// <param name="Sql">Counts the offending rows; the same text runs on SQLite and PostgreSQL.</param>
public sealed record HalfWrittenCheck(string Name, string WritePaths, string Sql);

/// <summary>What one check found: <see cref="Count"/> offending rows.</summary>
public sealed record HalfWrittenFinding(HalfWrittenCheck Check, long Count)
{
    public override string ToString() => $"{Count} {Check.Name}";
}

/// <summary>
/// "Nothing half-written is visible", checked in SQL on the database itself after the crash
/// scenarios. Only rules the schema does not already enforce are checked: a session without its
/// client or user, for instance, cannot exist (foreign keys), so checking it would prove nothing.
/// Each rule holds for everything the crash load does (sign-ups, Backend API user creation,
/// sign-ins, revocations); the load deletes no user and no address, which would legitimately leave
/// a client pointing at a deleted session or a completed attempt without its session. Each check
/// is shown to report a deliberately broken database in <c>HalfWrittenChecksTests</c>.
/// </summary>
public static class HalfWrittenChecks
{
    public static readonly HalfWrittenCheck UserWithoutIdentifier = new(
        "users with neither an email address row nor a username",
        "sign-up, Backend API user creation (the user and its address are inserted together)",
        "SELECT count(*) FROM users u WHERE u.username IS NULL AND NOT EXISTS (SELECT 1 FROM email_addresses e WHERE e.user_id = u.id)");

    public static readonly HalfWrittenCheck PrimaryAddressNotOwn = new(
        "users whose primary email address is missing or belongs to another user",
        "sign-up, Backend API user creation (the primary address id is set with the address row)",
        "SELECT count(*) FROM users u WHERE u.primary_email_address_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM email_addresses e WHERE e.id = u.primary_email_address_id AND e.user_id = u.id)");

    public static readonly HalfWrittenCheck ClientWithoutLastActiveSession = new(
        "clients whose last active session is missing or on another client",
        "sign-up, sign-in (the session is inserted with the client's pointer to it)",
        "SELECT count(*) FROM clients c WHERE c.last_active_session_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.id = c.last_active_session_id AND s.client_id = c.id)");

    public static readonly HalfWrittenCheck SignInWithoutSession = new(
        "completed sign-ins without their session (missing, or not the attempt's user on the attempt's client)",
        "sign-in (the attempt is marked complete with the session it created)",
        "SELECT count(*) FROM sign_in_attempts a WHERE a.status = 'complete' AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.id = a.created_session_id AND s.user_id = a.user_id AND s.client_id = a.client_id)");

    public static readonly HalfWrittenCheck SignUpWithoutSession = new(
        "completed sign-ups without their user's session (missing, or not the created user's on the attempt's client)",
        "sign-up (the user, its session and the completed attempt commit together; the session's foreign key then vouches for the user)",
        "SELECT count(*) FROM sign_up_attempts a WHERE a.status = 'complete' AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.id = a.created_session_id AND s.user_id = a.created_user_id AND s.client_id = a.client_id)");

    public static readonly HalfWrittenCheck EndedSessionWithoutFeedEntry = new(
        "sessions signed out, removed or revoked without their revocation feed entry",
        "revocation, sign-out (the status change and the feed row commit together)",
        "SELECT count(*) FROM sessions s WHERE s.status IN ('ended', 'removed', 'revoked') AND NOT EXISTS (SELECT 1 FROM invalidations i WHERE i.kind = 'session' AND i.subject_id = s.id AND i.user_id = s.user_id)");

    public static readonly HalfWrittenCheck FeedEntryForActiveSession = new(
        "revocation feed entries for a session that is still active",
        "revocation, sign-out (a feed row without the status change would tell backends to refuse a live session)",
        "SELECT count(*) FROM invalidations i WHERE i.kind = 'session' AND EXISTS (SELECT 1 FROM sessions s WHERE s.id = i.subject_id AND s.status = 'active')");

    /// <summary>Every check, in the order they are reported.</summary>
    public static IReadOnlyList<HalfWrittenCheck> All { get; } =
    [
        UserWithoutIdentifier,
        PrimaryAddressNotOwn,
        ClientWithoutLastActiveSession,
        SignInWithoutSession,
        SignUpWithoutSession,
        EndedSessionWithoutFeedEntry,
        FeedEntryForActiveSession,
    ];

    /// <summary>Runs every check on an open connection; returns the checks that found offending rows.</summary>
    public static async Task<IReadOnlyList<HalfWrittenFinding>> FindAsync(DbConnection connection)
    {
        var findings = new List<HalfWrittenFinding>();
        foreach (var check in All)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = check.Sql;
            var count = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            if (count != 0)
            {
                findings.Add(new HalfWrittenFinding(check, count));
            }
        }

        return findings;
    }
}
