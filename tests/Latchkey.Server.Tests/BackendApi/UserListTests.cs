using System.Net;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.BackendApi;

/// <summary>GET /v1/users and /v1/users/count: filters, order, pagination and its limits.</summary>
public abstract class UserListTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private LatchkeyTestServer Server => fixture.Server;

    /// <summary>Three users sharing a unique tag in their addresses, created in order (a, b, c).</summary>
    private async Task<(string Tag, string[] Ids, string[] Emails)> ThreeUsersAsync(BackendClient backend)
    {
        var tag = "t" + Guid.NewGuid().ToString("N")[..10];
        var emails = new[] { $"{tag}-a@example.com", $"{tag}-b@example.com", $"{tag}-c@example.com" };
        var ids = new string[3];
        for (var i = 0; i < 3; i++)
        {
            ids[i] = await backend.CreateUserAsync(emails[i], extra: new { first_name = ((char)('C' - i)).ToString() + tag });
            await Task.Delay(5);
        }

        return (tag, ids, emails);
    }

    private static string[] Ids(ApiResponse response) =>
        [.. response.EnsureStatus(HttpStatusCode.OK).Body.EnumerateArray().Select(u => u.GetProperty("id").GetString()!)];

    [Fact]
    public async Task List_ByEmailAddress_ReturnsExactlyThoseUsers_CaseInsensitive()
    {
        using var backend = Server.CreateBackend();
        var (_, ids, emails) = await ThreeUsersAsync(backend);

        var response = await backend.GetAsync($"v1/users?email_address={emails[0].ToUpperInvariant()}&email_address={emails[2]}");

        Assert.Equal(new[] { ids[0], ids[2] }.Order(), Ids(response).Order());
    }

    [Fact]
    public async Task List_ByQueryAndUserId_MatchPartiallyAndExactly()
    {
        using var backend = Server.CreateBackend();
        var (tag, ids, _) = await ThreeUsersAsync(backend);

        var byQuery = await backend.GetAsync($"v1/users?query={tag.ToUpperInvariant()}&limit=50");
        var byName = await backend.GetAsync($"v1/users?query=b{tag}");
        var byId = await backend.GetAsync($"v1/users?user_id={ids[1]}");

        Assert.Equal(ids.Order(), Ids(byQuery).Order());
        Assert.Equal([ids[1]], Ids(byName));
        Assert.Equal([ids[1]], Ids(byId));
    }

    [Fact]
    public async Task List_DefaultOrderIsNewestFirst_AndOrderByChangesIt()
    {
        using var backend = Server.CreateBackend();
        var (tag, ids, _) = await ThreeUsersAsync(backend);

        var newest = await backend.GetAsync($"v1/users?query={tag}");
        var oldest = await backend.GetAsync($"v1/users?query={tag}&order_by=%2Bcreated_at");
        var byFirstName = await backend.GetAsync($"v1/users?query={tag}&order_by=first_name");
        var byEmailDescending = await backend.GetAsync($"v1/users?query={tag}&order_by=-email_address");

        Assert.Equal([ids[2], ids[1], ids[0]], Ids(newest));
        Assert.Equal(ids, Ids(oldest));
        Assert.Equal([ids[2], ids[1], ids[0]], Ids(byFirstName));
        Assert.Equal([ids[2], ids[1], ids[0]], Ids(byEmailDescending));
    }

    [Fact]
    public async Task List_LimitOffsetAndPaginated_PageThroughWithTotal()
    {
        using var backend = Server.CreateBackend();
        var (tag, ids, _) = await ThreeUsersAsync(backend);

        var first = await backend.GetAsync($"v1/users?query={tag}&order_by=created_at&limit=2");
        var second = await backend.GetAsync($"v1/users?query={tag}&order_by=created_at&limit=2&offset=2");
        var paginated = (await backend.GetAsync($"v1/users?query={tag}&order_by=created_at&limit=1&offset=1&paginated=true")).EnsureStatus(HttpStatusCode.OK);
        var count = (await backend.GetAsync($"v1/users/count?query={tag}")).EnsureStatus(HttpStatusCode.OK);

        Assert.Equal(ids[..2], Ids(first));
        Assert.Equal([ids[2]], Ids(second));
        Assert.Equal(3, paginated.Body.GetProperty("total_count").GetInt64());
        Assert.Equal(ids[1], paginated.Body.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Equal("total_count", count.Body.GetProperty("object").GetString());
        Assert.Equal(3, count.Body.GetProperty("total_count").GetInt64());
    }

    [Theory]
    [InlineData("limit=0", "form_param_value_invalid")]
    [InlineData("limit=501", "form_param_value_invalid")]
    [InlineData("limit=ten", "form_param_value_invalid")]
    [InlineData("limit=1&limit=2", "form_param_value_invalid")]
    [InlineData("offset=-1", "form_param_value_invalid")]
    [InlineData("paginated=yes", "form_param_value_invalid")]
    [InlineData("order_by=password", "form_param_value_invalid")]
    [InlineData("emailAddress=a@example.com", "form_param_unknown")]
    [InlineData("created_at_after=yesterday", "form_param_format_invalid")]
    public async Task List_BadParameters_Are422WithParamName(string query, string code)
    {
        using var backend = Server.CreateBackend();

        var response = await backend.GetAsync("v1/users?" + query);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal(code, response.ErrorCode);
        Assert.True(response.Body.GetProperty("errors")[0].GetProperty("meta").TryGetProperty("param_name", out _));
    }

    [Fact]
    public async Task List_LimitAtTheBound_IsAccepted()
    {
        using var backend = Server.CreateBackend();

        var response = await backend.GetAsync("v1/users?limit=500");

        Assert.True(Ids(response).Length <= 500);
    }

    [Fact]
    public async Task List_FiltersOnDataLatchkeyUsersNeverHave_MatchNobody()
    {
        using var backend = Server.CreateBackend();
        await ThreeUsersAsync(backend);

        var phone = await backend.GetAsync("v1/users?phone_number=%2B15550100");
        var organization = await backend.GetAsync("v1/users/count?organization_id=org_1");

        Assert.Empty(Ids(phone));
        Assert.Equal(0, organization.EnsureStatus(HttpStatusCode.OK).Body.GetProperty("total_count").GetInt64());
    }

    [Fact]
    public async Task List_CreatedAtRange_SelectsByCreationTime()
    {
        using var backend = Server.CreateBackend();
        var (tag, ids, _) = await ThreeUsersAsync(backend);
        var middle = (await backend.GetAsync($"v1/users/{ids[1]}")).Body.GetProperty("created_at").GetInt64();

        var after = await backend.GetAsync($"v1/users?query={tag}&created_at_after={middle}");
        var before = await backend.GetAsync($"v1/users/count?query={tag}&created_at_before={middle}");

        Assert.Equal([ids[2]], Ids(after));
        Assert.Equal(1, before.Body.GetProperty("total_count").GetInt64());
    }

    [Fact]
    public async Task List_LastActiveAt_ComesFromTheUsersSessions()
    {
        using var backend = Server.CreateBackend();
        var (tag, ids, emails) = await ThreeUsersAsync(backend);
        using var browser = Server.CreateClient();
        await browser.SignInAsync(emails[1]);

        var active = await backend.GetAsync($"v1/users?query={tag}&last_active_at_after=0");
        var user = (await backend.GetAsync($"v1/users/{ids[1]}")).Body;
        var ordered = await backend.GetAsync($"v1/users?query={tag}&order_by=-last_active_at");

        Assert.Equal([ids[1]], Ids(active));
        Assert.True(user.GetProperty("last_active_at").GetInt64() > 0);
        Assert.True(user.GetProperty("last_sign_in_at").GetInt64() > 0);
        Assert.Equal(ids[1], Ids(ordered)[0]);
    }
}

public sealed class UserListSqliteTests(SqliteServerFixture fixture) : UserListTests<SqliteServerFixture>(fixture);

public sealed class UserListPostgresTests(PostgresServerFixture fixture) : UserListTests<PostgresServerFixture>(fixture);
