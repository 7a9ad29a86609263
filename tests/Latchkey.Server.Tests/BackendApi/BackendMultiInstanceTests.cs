using System.Diagnostics;
using System.Net;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Server.Tests.BackendApi;

/// <summary>
/// Two server processes' worth of state on one PostgreSQL database: a signing-key rotation made
/// through one reaches the other (it rereads the keys every refresh interval); secret keys
/// created or revoked through one are honoured by the other at once.
/// </summary>
public sealed class BackendMultiInstanceTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private static async Task<(TestDatabase Database, LatchkeyTestServer A, LatchkeyTestServer B)> StartTwoAsync(FakeTimeProvider? time = null)
    {
        var database = await TestDatabase.CreateAsync(TestDatabaseKind.Postgres);
        var settings = new Dictionary<string, string?> { ["Latchkey:SigningKeyRefreshInterval"] = "00:00:01" };
        var a = await LatchkeyTestServer.StartAsync(TestDatabaseKind.Postgres, settings, time, database);
        var b = await LatchkeyTestServer.StartAsync(TestDatabaseKind.Postgres, settings, time, database);
        return (database, a, b);
    }

    /// <summary>
    /// Both instances share one frozen clock: while it stands still, B can only learn of the
    /// rotation by its periodic reread (one tick), and must publish the new key without signing
    /// with it; once the clock passes the activation time, B signs with the new key.
    /// </summary>
    [Fact]
    public async Task RotateThroughOne_TheOtherPublishesTheNewKeyBeforeSigningWithIt()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var (database, a, b) = await StartTwoAsync(time);
        await using (database)
        await using (a)
        await using (b)
        {
            using var viaA = a.CreateBackend();
            using var viaB = b.CreateBackend(KeyFile.SecretKey(a));
            var userId = await viaA.CreateUserAsync($"multi-{Guid.NewGuid():N}@example.com");
            var sessionId = (await viaA.PostAsync("v1/sessions", new { user_id = userId })).Body.GetProperty("id").GetString()!;
            async Task<string> MintOnBAsync() => SigningKeyRotationTests.KidOf((await viaB.PostAsync($"v1/sessions/{sessionId}/tokens")).EnsureStatus(HttpStatusCode.OK).Body.GetProperty("jwt").GetString()!);
            var oldKid = await MintOnBAsync();

            var rotation = (await viaA.PostAsync("v1/instance/signing_keys/rotate")).EnsureStatus(HttpStatusCode.OK).Body;
            var newKid = rotation.GetProperty("kid").GetString()!;
            var unpublishedBeforeTick = (await viaB.GetAsync("v1/jwks")).Text.Contains(newKid, StringComparison.Ordinal);
            time.Advance(Interval);
            var waited = Stopwatch.StartNew();
            while (!(await viaB.GetAsync("v1/jwks")).Text.Contains(newKid, StringComparison.Ordinal))
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "B never reread the signing keys.");
                await Task.Delay(20);
            }

            var signingBeforeActivation = await MintOnBAsync();
            time.Advance(Interval);
            var signingAfterActivation = await MintOnBAsync();

            Assert.False(unpublishedBeforeTick);
            Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), rotation.GetProperty("activates_at").GetInt64());
            Assert.Equal(oldKid, signingBeforeActivation);
            Assert.Equal(newKid, signingAfterActivation);
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
