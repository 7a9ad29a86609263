using System.Net;
using System.Text;
using System.Text.Json;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Server.Tests.BackendApi;

/// <summary>
/// Signing-key rotation under a frozen clock: the new key is published at once and signs two
/// refresh intervals later; the old key stays published until the longest token it may have
/// signed has expired. Also the last live secret key, which cannot be revoked.
/// </summary>
public abstract class SigningKeyRotationTests(TestDatabaseKind kind)
{
    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Latchkey:SigningKeyRefreshInterval"] = "00:00:01",
        ["Latchkey:BackendTokenMaximumLifetime"] = "00:02:00",
    };

    public static string KidOf(string jwt) =>
        JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(Pad(jwt.Split('.')[0])))).RootElement.GetProperty("kid").GetString()!;

    private static string Pad(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text + new string('=', (4 - (text.Length % 4)) % 4);
    }

    private static async Task<string[]> JwksKidsAsync(LatchkeyTestServer server)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var jwks = JsonDocument.Parse(await http.GetStringAsync(".well-known/jwks.json")).RootElement;
        return [.. jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).Order()];
    }

    [Fact]
    public async Task Rotate_PublishesFirstSignsAfterActivation_KeepsOldKeyUntilItsTokensExpired()
    {
        var time = Clock();
        await using var server = await LatchkeyTestServer.StartAsync(kind, Settings, time);
        using var backend = server.CreateBackend();
        var userId = await backend.CreateUserAsync($"rot-{Guid.NewGuid():N}@example.com");
        var sessionId = (await backend.PostAsync("v1/sessions", new { user_id = userId })).Body.GetProperty("id").GetString()!;
        async Task<string> MintAsync() => (await backend.PostAsync($"v1/sessions/{sessionId}/tokens")).EnsureStatus(HttpStatusCode.OK).Body.GetProperty("jwt").GetString()!;
        var oldKid = KidOf(await MintAsync());

        var rotatedAt = time.GetUtcNow();
        var rotation = (await backend.PostAsync("v1/instance/signing_keys/rotate")).EnsureStatus(HttpStatusCode.OK).Body;
        var newKid = rotation.GetProperty("kid").GetString()!;
        var publishedAtOnce = await JwksKidsAsync(server);
        var beforeActivation = await MintAsync();
        var second = await backend.PostAsync("v1/instance/signing_keys/rotate");
        var described = (await backend.GetAsync("v1/instance/keys")).Body.GetProperty("signing_keys").EnumerateArray()
            .ToDictionary(k => k.GetProperty("kid").GetString()!, k => k.GetProperty("status").GetString());

        time.Advance(TimeSpan.FromSeconds(2));
        var lastOldToken = beforeActivation;
        var afterActivation = await MintAsync();
        var stillPublished = await JwksKidsAsync(server);
        time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(5) + TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(1));
        var lastMoment = await JwksKidsAsync(server);
        var oldTokenAtItsEnd = await TokenAssertions.VerifyAsync(server, lastOldToken, time);
        time.Advance(TimeSpan.FromMilliseconds(2));
        var afterRetention = await JwksKidsAsync(server);

        Assert.Equal((rotatedAt + TimeSpan.FromSeconds(2)).ToUnixTimeMilliseconds(), rotation.GetProperty("activates_at").GetInt64());
        Assert.Equal((rotatedAt + TimeSpan.FromSeconds(2 + 120 + 5 + 1)).ToUnixTimeMilliseconds(), rotation.GetProperty("retired_keys_published_until").GetInt64());
        Assert.Equal(new[] { oldKid }, rotation.GetProperty("retired_kids").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(new[] { oldKid, newKid }.Order(), publishedAtOnce);
        Assert.Equal(oldKid, KidOf(beforeActivation));
        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Equal("signing_key_rotation_in_progress", second.Body.GetProperty("code").GetString());
        Assert.Equal("current", described[oldKid]);
        Assert.Equal("next", described[newKid]);
        Assert.Equal(newKid, KidOf(afterActivation));
        Assert.Equal(new[] { oldKid, newKid }.Order(), stillPublished);
        Assert.Equal(new[] { oldKid, newKid }.Order(), lastMoment);
        Assert.Equal("token-expired", oldTokenAtItsEnd.Reason);
        Assert.Equal([newKid], afterRetention);
    }

    [Fact]
    public async Task Rotate_SurvivesRestart_OnTheSameDatabase()
    {
        var time = Clock();
        await using var database = await TestDatabase.CreateAsync(kind);
        string newKid;
        await using (var first = await LatchkeyTestServer.StartAsync(kind, Settings, time, database))
        {
            using var backend = first.CreateBackend();
            newKid = (await backend.PostAsync("v1/instance/signing_keys/rotate")).EnsureStatus(HttpStatusCode.OK).Body.GetProperty("kid").GetString()!;
        }

        time.Advance(TimeSpan.FromSeconds(3));
        await using var second = await LatchkeyTestServer.StartAsync(kind, Settings, time, database);
        using var again = second.CreateBackend();
        var keys = (await again.GetAsync("v1/instance/keys")).EnsureStatus(HttpStatusCode.OK).Body;

        Assert.Equal(newKid, keys.GetProperty("signing_keys").EnumerateArray().Single(k => k.GetProperty("status").GetString() == "current").GetProperty("kid").GetString());
    }

    [Fact]
    public async Task RevokeSecretKey_LastLiveKey_IsRefusedWithProblem409()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind);
        using var backend = server.CreateBackend();
        var keys = (await backend.GetAsync("v1/secret_keys")).EnsureStatus(HttpStatusCode.OK).Body;
        var only = Assert.Single(keys.EnumerateArray()).GetProperty("id").GetString();

        var response = await backend.PostAsync($"v1/secret_keys/{only}/revoke");

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
        Assert.Equal("last_secret_key", response.Body.GetProperty("code").GetString());
        (await backend.GetAsync("v1/secret_keys")).EnsureStatus(HttpStatusCode.OK);
    }
}

public sealed class SigningKeyRotationSqliteTests() : SigningKeyRotationTests(TestDatabaseKind.Sqlite);

public sealed class SigningKeyRotationPostgresTests() : SigningKeyRotationTests(TestDatabaseKind.Postgres);
