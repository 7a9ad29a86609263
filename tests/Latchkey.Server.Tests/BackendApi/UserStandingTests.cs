using System.Net;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.BackendApi;

/// <summary>Ban, unban, lock, unlock: what they do to sign-in, sessions and token mints.</summary>
public abstract class UserStandingTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private LatchkeyTestServer Server => fixture.Server;

    private static string NewEmail() => $"standing-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task Ban_RevokesSessionsRefusesMintAndSignIn_UnbanAllowsSignInAgain()
    {
        using var backend = Server.CreateBackend();
        var email = NewEmail();
        var id = await backend.CreateUserAsync(email);
        using var browser = Server.CreateClient();
        var sessionId = await browser.SignInAsync(email);
        await browser.MintAsync(sessionId);

        var banned = await backend.PostAsync($"v1/users/{id}/ban");
        var browserMint = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");
        var backendMint = await backend.PostAsync($"v1/sessions/{sessionId}/tokens");
        var session = await backend.GetAsync($"v1/sessions/{sessionId}");
        using var other = Server.CreateClient();
        var signIn = await other.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = email, ["password"] = "correct horse battery" });
        var createSession = await backend.PostAsync("v1/sessions", new { user_id = id });
        var unbanned = await backend.PostAsync($"v1/users/{id}/unban");

        Assert.True(banned.EnsureStatus(HttpStatusCode.OK).Body.GetProperty("banned").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, browserMint.Status);
        Assert.Equal("session_revoked", browserMint.ErrorCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, backendMint.Status);
        Assert.Equal("session_revoked", backendMint.ErrorCode);
        Assert.Equal("revoked", session.Body.GetProperty("status").GetString());
        Assert.Equal("user_banned", signIn.ErrorCode);
        Assert.Equal("user_banned", createSession.ErrorCode);
        Assert.False(unbanned.EnsureStatus(HttpStatusCode.OK).Body.GetProperty("banned").GetBoolean());
        Assert.NotEmpty(await other.SignInAsync(email));
    }

    [Fact]
    public async Task Lock_RefusesSignInButKeepsSessions_UnlockAllowsIt()
    {
        using var backend = Server.CreateBackend();
        var email = NewEmail();
        var id = await backend.CreateUserAsync(email);
        using var browser = Server.CreateClient();
        var sessionId = await browser.SignInAsync(email);

        var locked = await backend.PostAsync($"v1/users/{id}/lock");
        using var other = Server.CreateClient();
        var signIn = await other.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = email, ["password"] = "correct horse battery" });
        var mint = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");
        var unlocked = await backend.PostAsync($"v1/users/{id}/unlock");

        Assert.True(locked.EnsureStatus(HttpStatusCode.OK).Body.GetProperty("locked").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, signIn.Status);
        Assert.Equal("user_locked", signIn.ErrorCode);
        mint.EnsureStatus(HttpStatusCode.OK);
        Assert.False(unlocked.EnsureStatus(HttpStatusCode.OK).Body.GetProperty("locked").GetBoolean());
        Assert.NotEmpty(await other.SignInAsync(email));
    }

    [Fact]
    public async Task FailedAttemptLockout_ShowsAsLocked_AndUnlockClearsIt()
    {
        using var backend = Server.CreateBackend();
        var email = NewEmail();
        var id = await backend.CreateUserAsync(email);
        using var browser = Server.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await browser.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = email, ["password"] = "wrong " + i });
        }

        var user = (await backend.GetAsync($"v1/users/{id}")).EnsureStatus(HttpStatusCode.OK).Body;
        await backend.PostAsync($"v1/users/{id}/unlock");
        var after = (await backend.GetAsync($"v1/users/{id}")).Body;

        Assert.True(user.GetProperty("locked").GetBoolean());
        Assert.InRange(user.GetProperty("lockout_expires_in_seconds").GetInt64(), 1, 30);
        Assert.False(after.GetProperty("locked").GetBoolean());
        Assert.NotEmpty(await browser.SignInAsync(email));
    }

    [Fact]
    public async Task CreateUser_BannedAndLockedFlags_AreHonoured()
    {
        using var backend = Server.CreateBackend();
        var email = NewEmail();

        var created = await backend.PostAsync("v1/users", new { email_address = new[] { email }, password = "correct horse battery", banned = true });
        using var browser = Server.CreateClient();
        var signIn = await browser.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = email, ["password"] = "correct horse battery" });

        Assert.True(created.EnsureStatus(HttpStatusCode.OK).Body.GetProperty("banned").GetBoolean());
        Assert.Equal("user_banned", signIn.ErrorCode);
    }
}

public sealed class UserStandingSqliteTests(SqliteServerFixture fixture) : UserStandingTests<SqliteServerFixture>(fixture);

public sealed class UserStandingPostgresTests(PostgresServerFixture fixture) : UserStandingTests<PostgresServerFixture>(fixture);
