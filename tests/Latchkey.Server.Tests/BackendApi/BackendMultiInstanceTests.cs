using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.BackendApi;

/// <summary>
/// Two server processes' worth of state on one PostgreSQL database: a signing-key rotation made
/// through one reaches the other (it rereads the keys every refresh interval); secret keys
/// created or revoked through one are honoured by the other at once.
/// </summary>
public sealed class BackendMultiInstanceTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private static async Task<(TestDatabase Database, LatchkeyTestServer A, LatchkeyTestServer B)> StartTwoAsync()
    {
        var database = await TestDatabase.CreateAsync(TestDatabaseKind.Postgres);
        var settings = new Dictionary<string, string?> { ["Latchkey:SigningKeyRefreshInterval"] = "00:00:01" };
        var a = await LatchkeyTestServer.StartAsync(TestDatabaseKind.Postgres, settings, database: database);
        var b = await LatchkeyTestServer.StartAsync(TestDatabaseKind.Postgres, settings, database: database);
        return (database, a, b);
    }

    [Fact]
    public async Task RotateThroughOne_TheOtherPublishesTheNewKeyBeforeSigningWithIt()
    {
        var (database, a, b) = await StartTwoAsync();
        await using (database)
        await using (a)
        await using (b)
        {
            using var viaA = a.CreateBackend();
            using var viaB = b.CreateBackend(KeyFile.SecretKey(a));
            var userId = await viaA.CreateUserAsync($"multi-{Guid.NewGuid():N}@example.com");
            var sessionId = (await viaA.PostAsync("v1/sessions", new { user_id = userId })).Body.GetProperty("id").GetString()!;

            var rotatedAt = DateTimeOffset.UtcNow;
            var rotation = (await viaA.PostAsync("v1/instance/signing_keys/rotate")).EnsureStatus(HttpStatusCode.OK).Body;
            var newKid = rotation.GetProperty("kid").GetString()!;
            var activatesAt = DateTimeOffset.FromUnixTimeMilliseconds(rotation.GetProperty("activates_at").GetInt64());
            var published = Stopwatch.StartNew();
            while (!(await viaB.GetAsync("v1/jwks")).Text.Contains(newKid, StringComparison.Ordinal))
            {
                Assert.True(published.Elapsed < TimeSpan.FromSeconds(5), "B never published the new key.");
                await Task.Delay(20);
            }

            var publishedBeforeActivation = DateTimeOffset.UtcNow < activatesAt;
            var wait = activatesAt - DateTimeOffset.UtcNow;
            await Task.Delay(wait > TimeSpan.Zero ? wait + TimeSpan.FromMilliseconds(50) : TimeSpan.Zero);
            var jwt = (await viaB.PostAsync($"v1/sessions/{sessionId}/tokens")).EnsureStatus(HttpStatusCode.OK).Body.GetProperty("jwt").GetString()!;

            Assert.True(publishedBeforeActivation, "B published the key only after it started signing.");
            Assert.InRange(activatesAt - rotatedAt, Interval * 2, Interval * 2 + TimeSpan.FromSeconds(5));
            Assert.Equal(newKid, SigningKeyRotationTests.KidOf(jwt));
            var verified = await TokenAssertions.VerifyAsync(b, jwt);
            Assert.True(verified.IsValid, verified.ToString());
        }
    }

    [Fact]
    public async Task SecretKeyCreatedAndRevokedThroughOne_IsHonouredByTheOtherAtOnce()
    {
        var (database, a, b) = await StartTwoAsync();
        await using (database)
        await using (a)
        await using (b)
        {
            using var viaA = a.CreateBackend();
            var created = (await viaA.PostAsync("v1/secret_keys", new { name = "shared" })).EnsureStatus(HttpStatusCode.Created).Body;
            using var newKeyOnB = b.CreateBackend(created.GetProperty("secret").GetString());

            var before = await newKeyOnB.GetAsync("v1/users/count");
            await viaA.PostAsync($"v1/secret_keys/{created.GetProperty("id").GetString()}/revoke");
            var after = await newKeyOnB.GetAsync("v1/users/count");

            before.EnsureStatus(HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.Unauthorized, after.Status);
            Assert.Equal("clerk_key_invalid", after.ErrorCode);
        }
    }
}
