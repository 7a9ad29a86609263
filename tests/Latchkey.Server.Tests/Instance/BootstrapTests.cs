using System.Net;
using Latchkey.Server.Tests.Infrastructure;
using Latchkey.Tokens;

namespace Latchkey.Server.Tests.Instance;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public abstract class BootstrapTests(TestDatabaseKind kind)
{
    [Fact]
    public async Task FirstStart_WritesPrivateKeyFileWithPublishableAndSecretKey()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind);
        var path = Path.Combine(server.Database.DataFolder, "latchkey.keys.json");

        var file = KeyFile.Read(server);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(server.Database.DataFolder, "latchkey.kek")));
        var publishable = PublishableKey.Parse(file.GetProperty("publishable_key").GetString()!);
        Assert.Equal($"127.0.0.1:{server.Port}", publishable.FrontendApiHost);
        Assert.Equal(Latchkey.Tokens.InstanceType.Development, publishable.InstanceType);
        Assert.True(SecretKey.IsWellFormed(file.GetProperty("secret_key").GetString()));
        Assert.StartsWith("sk_test_", file.GetProperty("secret_key").GetString(), StringComparison.Ordinal);
        Assert.Equal(server.Origin, file.GetProperty("frontend_api_url").GetString());
    }

    [Fact]
    public async Task Restart_KeepsSigningKeySecretKeyAndSessions()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        string sessionId, kid, secret, jwt;
        var jar = new CookieContainer();
        var port = TestSmtpServer.FreePort();
        await using (var first = await LatchkeyTestServer.StartAsync(kind, database: database, port: port))
        {
            using var browser = first.CreateClient(jar);
            sessionId = await browser.SignUpAsync($"restart-{Guid.NewGuid():N}@example.com");
            jwt = await browser.MintAsync(sessionId);
            kid = (await TokenAssertions.VerifyAsync(first, jwt)).Header!.KeyId!;
            secret = KeyFile.SecretKey(first);
        }

        await using var second = await LatchkeyTestServer.StartAsync(kind, database: database, port: port);
        using var again = second.CreateClient(jar);
        var newJwt = await again.MintAsync(sessionId);
        var verified = await TokenAssertions.VerifyAsync(second, newJwt);

        Assert.True(verified.IsValid, verified.ToString());
        Assert.Equal(kid, verified.Header!.KeyId);
        Assert.Equal(secret, KeyFile.SecretKey(second));
    }

    [Fact]
    public async Task KekRotation_ReencryptsSigningKeyWithoutSigningAnyoneOut()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        var jar = new CookieContainer();
        var port = TestSmtpServer.FreePort();
        string sessionId, kid;
        await using (var first = await LatchkeyTestServer.StartAsync(kind, database: database, port: port))
        {
            using var browser = first.CreateClient(jar);
            sessionId = await browser.SignUpAsync($"kek-{Guid.NewGuid():N}@example.com");
            kid = (await TokenAssertions.VerifyAsync(first, await browser.MintAsync(sessionId))).Header!.KeyId!;
        }

        var oldKek = Path.Combine(database.DataFolder, "latchkey.kek");
        var previous = Path.Combine(database.DataFolder, "previous.kek");
        File.Move(oldKek, previous);
        var settings = new Dictionary<string, string?> { ["Latchkey:KeyEncryption:PreviousKeyFiles:0"] = previous };
        await using (var rotated = await LatchkeyTestServer.StartAsync(kind, settings, database: database, port: port))
        {
            using var browser = rotated.CreateClient(jar);
            Assert.Equal(kid, (await TokenAssertions.VerifyAsync(rotated, await browser.MintAsync(sessionId))).Header!.KeyId);
        }

        // Once re-encrypted, the previous KEK is no longer needed.
        await using var withoutPrevious = await LatchkeyTestServer.StartAsync(kind, database: database, port: port);
        using var later = withoutPrevious.CreateClient(jar);
        Assert.Equal(kid, (await TokenAssertions.VerifyAsync(withoutPrevious, await later.MintAsync(sessionId))).Header!.KeyId);
    }

    [Fact]
    public async Task WrongKek_RefusesToStartWithClearMessage()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await (await LatchkeyTestServer.StartAsync(kind, database: database)).DisposeAsync();
        var kek = Path.Combine(database.DataFolder, "latchkey.kek");
        File.WriteAllText(kek, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LatchkeyTestServer.StartAsync(kind, database: database));

        Assert.Contains("key-encryption key", error.Message, StringComparison.Ordinal);
    }
}

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BootstrapSqliteTests() : BootstrapTests(TestDatabaseKind.Sqlite);

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BootstrapPostgresTests() : BootstrapTests(TestDatabaseKind.Postgres);
