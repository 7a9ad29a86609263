using System.Data.Common;
using System.Net;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Latchkey.Reliability.Tests.Infrastructure;

/// <summary>What the check of acknowledged writes found.</summary>
public sealed record AcknowledgedWritesReport(int Users, int Sessions, int Revocations, int ActiveSessionsMinted, IReadOnlyList<string> Problems)
{
    public override string ToString() =>
        $"acknowledged writes checked: {Users} users, {Sessions} sessions, {Revocations} revocations ({ActiveSessionsMinted} live sessions minted a token); problems: {Problems.Count}";
}

/// <summary>
/// After a crash and restart: every write the server acknowledged is there (through the
/// Backend API, the Frontend API and the revocation feed), and the store holds nothing
/// half-written (checked in SQL on the database itself, <see cref="HalfWrittenChecks"/>).
/// </summary>
public static class AcknowledgedWrites
{
    /// <summary>
    /// Server settings of the crash scenarios: the revocation janitor deletes a feed row a few
    /// minutes after the revocation (its tokens have expired by then), which is right in
    /// production but would make an early revocation of a long run look lost. Every 30 minutes,
    /// its first run comes after the scenario, so every acknowledged revocation's feed row is checked.
    /// </summary>
    public static IDictionary<string, string?> ServerSettings => new Dictionary<string, string?>
    {
        ["Latchkey:Revocation:JanitorInterval"] = "00:30:00",
    };

    public static async Task<AcknowledgedWritesReport> CheckAsync(ServerProcess server, AuthLoad load, string? postgresConnectionString)
    {
        var problems = new List<string>();
        using var backend = ApiCaller.Backend(server.BaseAddress, server.SecretKey);

        foreach (var (userId, email) in load.Users)
        {
            var answer = await backend.GetAsync($"v1/users/{userId}");
            if (answer.Status != HttpStatusCode.OK)
            {
                problems.Add($"user {userId} ({email}) acknowledged but answers {(int)answer.Status}");
                continue;
            }

            var addresses = answer.Json.GetProperty("email_addresses").EnumerateArray().Select(e => e.GetProperty("email_address").GetString()).ToList();
            if (!addresses.Contains(email, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"user {userId} lost its email address {email}");
            }
        }

        var revokedInFeed = await RevokedInFeedAsync(backend);
        var minted = 0;
        foreach (var session in load.Sessions.Values)
        {
            var answer = await backend.GetAsync($"v1/sessions/{session.SessionId}");
            if (answer.Status != HttpStatusCode.OK)
            {
                problems.Add($"session {session.SessionId} acknowledged but answers {(int)answer.Status}");
                continue;
            }

            var status = answer.Json.GetProperty("status").GetString();
            var userId = answer.Json.GetProperty("user_id").GetString();
            if (userId != session.UserId)
            {
                problems.Add($"session {session.SessionId} belongs to {userId}, not {session.UserId}");
            }

            using var browser = ApiCaller.Browser(server.BaseAddress, session.Cookies);
            var mint = await browser.MintAsync(session.SessionId);
            if (session.RevocationAcknowledged)
            {
                if (status != "revoked")
                {
                    problems.Add($"session {session.SessionId}: revocation acknowledged, status now {status}");
                }

                if (mint.IsSuccess)
                {
                    problems.Add($"session {session.SessionId}: revocation acknowledged, yet a token was minted");
                }

                if (!revokedInFeed.Contains(session.SessionId))
                {
                    problems.Add($"session {session.SessionId}: revocation acknowledged, missing from the revocation feed");
                }
            }
            else if (status == "active")
            {
                if (!mint.IsSuccess)
                {
                    problems.Add($"session {session.SessionId}: active, but its browser cannot mint ({(int)mint.Status} {mint.ErrorCode})");
                }
                else
                {
                    minted++;
                }
            }
            else if (!(status == "revoked" && load.RevocationSent(session.SessionId)))
            {
                problems.Add($"session {session.SessionId}: status {status} without an acknowledged or sent revocation");
            }
        }

        problems.AddRange(await HalfWrittenAsync(server, postgresConnectionString));
        return new AcknowledgedWritesReport(load.Users.Count, load.Sessions.Count, load.Revoked.Count(), minted, problems);
    }

    private static async Task<HashSet<string>> RevokedInFeedAsync(ApiCaller backend)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        for (var page = 0; page < 10_000; page++)
        {
            var answer = await backend.GetAsync("v1/sessions/revocations?limit=500" + (cursor is null ? string.Empty : "&since=" + Uri.EscapeDataString(cursor)));
            if (answer.Status != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"revocation feed answered {(int)answer.Status}: {answer.Text}");
            }

            foreach (var entry in answer.Json.GetProperty("data").EnumerateArray())
            {
                ids.Add(entry.GetProperty("session_id").GetString()!);
            }

            cursor = answer.Json.GetProperty("next_cursor").GetString();
            if (!answer.Json.GetProperty("has_more").GetBoolean())
            {
                break;
            }
        }

        return ids;
    }

    private static async Task<IEnumerable<string>> HalfWrittenAsync(ServerProcess server, string? postgresConnectionString)
    {
        await using DbConnection connection = postgresConnectionString is null
            ? new SqliteConnection($"Data Source={Path.Combine(server.DataFolder, "latchkey.db")};Mode=ReadOnly;Pooling=False")
            : new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgresConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return (await HalfWrittenChecks.FindAsync(connection)).Select(f => f.ToString());
    }
}
