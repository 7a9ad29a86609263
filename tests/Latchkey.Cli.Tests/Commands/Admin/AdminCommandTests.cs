using System.Text.Json;
using Latchkey.Cli.Tests.Support;
using Latchkey.Tokens;

namespace Latchkey.Cli.Tests.Commands.Admin;

/// <summary>The operator commands against a running server: instance keys, rotation, secret keys, users, sessions.</summary>
public sealed class AdminCommandTests(AdminServer server) : IClassFixture<AdminServer>
{
    private Task<CliRun> RunAsync(params string[] args) => Tool.RunWithEnvironmentAsync(server.Environment, null, args);

    private static string NewEmail() => $"cli-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task InstanceKeys_ShowsPublishableKeySigningKeysAndPem()
    {
        CliRun text = await RunAsync("instance", "keys");
        CliRun json = await RunAsync("instance", "keys", "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("Publishable key:  " + server.PublishableKey, text.Stdout);
        Assert.Contains("-----BEGIN PUBLIC KEY-----", text.Stdout);
        Assert.Matches(@"ins_\w+\s+current\s+RS256", text.Stdout);
        var pem = json.Json().GetProperty("public_key_pem").GetString()!;
        Assert.Equal(KeyType.Rsa, VerificationKey.FromSpkiPem(pem, "k").KeyType);
    }

    [Fact]
    public async Task RotateSigningKey_PublishesTheNextKey_SecondRotationIsRefused()
    {
        CliRun rotate = await RunAsync("instance", "rotate-signing-key", "--json");
        CliRun again = await RunAsync("instance", "rotate-signing-key");
        CliRun keys = await RunAsync("instance", "keys", "--json");

        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        var kid = rotate.Json().GetProperty("kid").GetString();
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("409 signing_key_rotation_in_progress", again.Stderr);
        Assert.Contains(keys.Json().GetProperty("signing_keys").EnumerateArray(), k => k.GetProperty("kid").GetString() == kid);
    }

    [Fact]
    public async Task SecretKeys_CreatePrintsOnlyTheKey_ListShowsIt_RevokeEndsIt()
    {
        CliRun created = await RunAsync("secret-keys", "create", "--name", "billing");
        var secret = created.Stdout.Trim();
        var withNew = new Dictionary<string, string>(server.Environment) { ["LATCHKEY_SECRET_KEY"] = secret };
        CliRun list = await Tool.RunWithEnvironmentAsync(withNew, null, "secret-keys", "list", "--json");
        var id = list.Json().EnumerateArray().Single(k => k.GetProperty("name").GetString() == "billing").GetProperty("id").GetString()!;
        CliRun table = await RunAsync("secret-keys", "list");
        CliRun byValue = await RunAsync("secret-keys", "revoke", secret);
        CliRun revoked = await RunAsync("secret-keys", "revoke", id);
        CliRun refused = await Tool.RunWithEnvironmentAsync(withNew, null, "users", "list");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.True(SecretKey.IsWellFormed(secret), created.Stdout);
        Assert.Contains("not shown again", created.Stderr);
        Assert.True(list.Json().EnumerateArray().Single(k => k.GetProperty("id").GetString() == id).GetProperty("current").GetBoolean());
        Assert.Matches(@"ID\s+NAME\s+HINT\s+CREATED\s+REVOKED", table.Stdout);
        Assert.Contains(secret[..12] + "…", table.Stdout);
        Assert.DoesNotContain(secret, table.Stdout);
        Assert.Equal(2, byValue.ExitCode);
        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        Assert.Contains("Revoked secret key " + id, revoked.Stdout);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("clerk_key_invalid", refused.Stderr);
    }

    [Fact]
    public async Task UsersCreate_PasswordFromStdin_ThenListFindsTheUser()
    {
        var email = NewEmail();

        CliRun created = await Tool.RunWithEnvironmentAsync(server.Environment, "a long enough passphrase\n", "users", "create", "--email", email, "--first-name", "Ada", "--password-stdin", "--json");
        CliRun list = await RunAsync("users", "list", "--email", email);
        CliRun json = await RunAsync("users", "list", "--email", email, "--json");
        var id = created.Json().GetProperty("id").GetString()!;
        var verified = await server.CallAsync(HttpMethod.Post, $"users/{id}/verify_password", new { password = "a long enough passphrase" });

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.True(created.Json().GetProperty("password_enabled").GetBoolean());
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Matches(@"ID\s+EMAIL\s+NAME\s+USERNAME\s+BANNED\s+LOCKED\s+CREATED\s+LAST SIGN-IN", list.Stdout);
        Assert.Contains(id, list.Stdout);
        Assert.Contains(email, list.Stdout);
        Assert.Contains("Showing 1-1 of 1 users.", list.Stdout);
        Assert.Equal(1, json.Json().GetProperty("total_count").GetInt32());
        Assert.True(verified.GetProperty("verified").GetBoolean());
    }

    [Fact]
    public async Task UsersCreate_Refusals_AreUsageOrApiErrors()
    {
        var email = NewEmail();
        await Tool.RunWithEnvironmentAsync(server.Environment, "a long enough passphrase", "users", "create", "--email", email, "--password-stdin");

        CliRun noStdin = await RunAsync("users", "create", "--email", NewEmail(), "--password-stdin");
        CliRun taken = await Tool.RunWithEnvironmentAsync(server.Environment, "a long enough passphrase", "users", "create", "--email", email, "--password-stdin");
        CliRun tooShort = await Tool.RunWithEnvironmentAsync(server.Environment, "short", "users", "create", "--email", NewEmail(), "--password-stdin");
        CliRun shortAllowed = await Tool.RunWithEnvironmentAsync(server.Environment, "short", "users", "create", "--email", NewEmail(), "--password-stdin", "--skip-password-checks");
        CliRun noPassword = await RunAsync("users", "create", "--email", NewEmail(), "--no-password");

        Assert.Equal(2, noStdin.ExitCode);
        Assert.Equal(1, taken.ExitCode);
        Assert.Contains("422 form_identifier_exists", taken.Stderr);
        Assert.Equal(1, tooShort.ExitCode);
        Assert.Contains("form_password_length_too_short", tooShort.Stderr);
        Assert.True(shortAllowed.ExitCode == 0, shortAllowed.ToString());
        Assert.True(noPassword.ExitCode == 0, noPassword.ToString());
    }

    [Fact]
    public async Task UsersBan_RevokesTheUsersSessions_SessionsListShowsIt()
    {
        var email = NewEmail();
        var id = (await server.CallAsync(HttpMethod.Post, "users", new { email_address = new[] { email }, password = "a long enough passphrase" })).GetProperty("id").GetString()!;
        var sessionId = (await server.CallAsync(HttpMethod.Post, "sessions", new { user_id = id })).GetProperty("id").GetString()!;

        CliRun before = await RunAsync("sessions", "list", "--user", id, "--status", "active");
        CliRun ban = await RunAsync("users", "ban", id);
        CliRun after = await RunAsync("sessions", "list", "--user", id, "--json");
        CliRun unban = await RunAsync("users", "unban", id, "--json");

        Assert.Contains(sessionId, before.Stdout);
        Assert.Matches(@"ID\s+USER\s+STATUS\s+CREATED\s+LAST ACTIVE\s+EXPIRES", before.Stdout);
        Assert.True(ban.ExitCode == 0, ban.ToString());
        Assert.Contains("is banned; every session was revoked", ban.Stdout);
        Assert.Equal("revoked", after.Json().GetProperty("data")[0].GetProperty("status").GetString());
        Assert.False(unban.Json().GetProperty("banned").GetBoolean());
    }

    [Fact]
    public async Task SessionsRevoke_RevokesOne_UnknownIsApiError()
    {
        var id = (await server.CallAsync(HttpMethod.Post, "users", new { email_address = new[] { NewEmail() }, skip_password_requirement = true })).GetProperty("id").GetString()!;
        var sessionId = (await server.CallAsync(HttpMethod.Post, "sessions", new { user_id = id })).GetProperty("id").GetString()!;

        CliRun revoked = await RunAsync("sessions", "revoke", sessionId);
        CliRun unknown = await RunAsync("sessions", "revoke", "sess_doesnotexist", "--json");
        var session = await server.CallAsync(HttpMethod.Get, $"sessions/{sessionId}");

        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        Assert.Contains($"Session {sessionId} of user {id} is revoked.", revoked.Stdout);
        Assert.Equal("revoked", session.GetProperty("status").GetString());
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("resource_not_found", unknown.Json().GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task UsersList_Pages_WithAFooterNamingTheNextOffset()
    {
        var tag = "p" + Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 3; i++)
        {
            await server.CallAsync(HttpMethod.Post, "users", new { email_address = new[] { $"{tag}-{i}@example.com" }, skip_password_requirement = true });
        }

        CliRun first = await RunAsync("users", "list", "--query", tag, "--limit", "2");
        CliRun second = await RunAsync("users", "list", "--query", tag, "--limit", "2", "--offset", "2");

        Assert.Contains("Showing 1-2 of 3 users; next page: --offset 2.", first.Stdout);
        Assert.Contains("Showing 3-3 of 3 users.", second.Stdout);
        Assert.Contains($"{tag}-0@example.com", second.Stdout);
    }
}
