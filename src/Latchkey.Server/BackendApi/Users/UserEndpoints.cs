using Latchkey.Server.BackendApi.Http;
using Latchkey.Server.BackendApi.Json;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Latchkey.Server.Users;
using Microsoft.EntityFrameworkCore;

namespace Latchkey.Server.BackendApi.Users;

/// <summary>Backend API users (protocol.md §10): list, count, get, create, update, delete, ban, lock, verify_password, metadata.</summary>
internal static class UserEndpoints
{
    public static RouteGroupBuilder MapUsers(this RouteGroupBuilder group)
    {
        group.MapGet("/users", List)
            .WithName("ListUsers").WithSummary("List users (filters: email_address, user_id, username, query, time ranges; order_by; limit/offset)")
            .Produces<BackendUserJson[]>().Produces<PageJson<BackendUserJson>>();
        group.MapGet("/users/count", Count)
            .WithName("CountUsers").WithSummary("Count the users matching the list filters").Produces<TotalCountJson>();
        group.MapGet("/users/{id}", Get)
            .WithName("GetUser").WithSummary("Get a user").Produces<BackendUserJson>();
        group.MapPost("/users", Create)
            .WithName("CreateUser").WithSummary("Create a user (verified email addresses, password, names, username, metadata)").Produces<BackendUserJson>();
        group.MapPatch("/users/{id}", Update)
            .WithName("UpdateUser").WithSummary("Update a user's names, username, password, primary address or metadata").Produces<BackendUserJson>();
        group.MapDelete("/users/{id}", Delete)
            .WithName("DeleteUser").WithSummary("Delete a user (revokes every session first)").Produces<DeletedObjectJson>();
        group.MapPost("/users/{id}/ban", (HttpContext http, string id, UserEndpointsHandler h, CancellationToken ct) => h.StandingAsync(http, id, (s, u, c) => s.BanAsync(u, c), ct))
            .WithName("BanUser").WithSummary("Ban a user: sign-in refused, every session revoked, no new tokens").Produces<BackendUserJson>();
        group.MapPost("/users/{id}/unban", (HttpContext http, string id, UserEndpointsHandler h, CancellationToken ct) => h.StandingAsync(http, id, (s, u, c) => s.UnbanAsync(u, c), ct))
            .WithName("UnbanUser").WithSummary("Lift a ban (revoked sessions stay revoked)").Produces<BackendUserJson>();
        group.MapPost("/users/{id}/lock", (HttpContext http, string id, UserEndpointsHandler h, CancellationToken ct) => h.StandingAsync(http, id, (s, u, c) => s.LockAsync(u, c), ct))
            .WithName("LockUser").WithSummary("Lock a user: sign-in refused until unlocked").Produces<BackendUserJson>();
        group.MapPost("/users/{id}/unlock", (HttpContext http, string id, UserEndpointsHandler h, CancellationToken ct) => h.StandingAsync(http, id, (s, u, c) => s.UnlockAsync(u, c), ct))
            .WithName("UnlockUser").WithSummary("Unlock a user (also clears failed-attempt lockouts)").Produces<BackendUserJson>();
        group.MapPost("/users/{id}/verify_password", VerifyPassword)
            .WithName("VerifyUserPassword").WithSummary("Check a user's password").Produces<VerifiedJson>();
        group.MapPatch("/users/{id}/metadata", (HttpContext http, string id, UserEndpointsHandler h, CancellationToken ct) => h.MetadataAsync(http, id, merge: true, ct))
            .WithName("MergeUserMetadata").WithSummary("Deep-merge public, private and unsafe metadata (null removes a key)").Produces<BackendUserJson>();
        group.MapPut("/users/{id}/metadata", (HttpContext http, string id, UserEndpointsHandler h, CancellationToken ct) => h.MetadataAsync(http, id, merge: false, ct))
            .WithName("ReplaceUserMetadata").WithSummary("Replace the given metadata objects").Produces<BackendUserJson>();
        return group;
    }

    private static async Task<IResult> List(HttpContext http, LatchkeyDbContext db, UserViews views, CancellationToken cancellationToken)
    {
        var query = BackendQuery.Parse(http.Request.Query, UserQuery.ListParameters);
        if (query.Failed)
        {
            return BackendResults.Error(http, query.Error!);
        }

        var filtered = UserQuery.Filter(db, db.Users.AsNoTracking(), query.Value!);
        if (filtered.Failed)
        {
            return BackendResults.Error(http, filtered.Error!);
        }

        var ordered = UserQuery.Order(db, filtered.Value!, query.Value!);
        if (ordered.Failed)
        {
            return BackendResults.Error(http, ordered.Error!);
        }

        var page = await ordered.Value!.Include(u => u.EmailAddresses).Skip(query.Value!.Offset).Take(query.Value.Limit).AsSplitQuery().ToListAsync(cancellationToken);
        var data = await views.BuildAsync(page, cancellationToken);
        return query.Value.Paginated
            ? BackendResults.Json(new PageJson<BackendUserJson>(data, await filtered.Value!.LongCountAsync(cancellationToken)))
            : BackendResults.Json(data);
    }

    private static async Task<IResult> Count(HttpContext http, LatchkeyDbContext db, CancellationToken cancellationToken)
    {
        var query = BackendQuery.Parse(http.Request.Query, UserQuery.CountParameters);
        if (query.Failed)
        {
            return BackendResults.Error(http, query.Error!);
        }

        var filtered = UserQuery.Filter(db, db.Users.AsNoTracking(), query.Value!);
        return filtered.Failed
            ? BackendResults.Error(http, filtered.Error!)
            : BackendResults.Json(new TotalCountJson(await filtered.Value!.LongCountAsync(cancellationToken)));
    }

    private static async Task<IResult> Get(HttpContext http, string id, UserEndpointsHandler handler, UserViews views, CancellationToken cancellationToken)
    {
        var user = await handler.FindAsync(id, cancellationToken);
        return user is null ? BackendResults.Error(http, UserEndpointsHandler.UserNotFound) : BackendResults.Json(await views.BuildAsync(user, cancellationToken));
    }

    private static async Task<IResult> Create(HttpContext http, BackendRequest request, UserWrites writes, UserViews views, CancellationToken cancellationToken)
    {
        var body = await request.BodyAsync(http, UserWrites.CreateFields);
        if (body.Failed)
        {
            return BackendResults.Error(http, body.Error!);
        }

        var user = await writes.CreateAsync(body.Value!, cancellationToken);
        return user.Failed ? BackendResults.Error(http, user.Error!) : BackendResults.Json(await views.BuildAsync(user.Value!, cancellationToken));
    }

    private static async Task<IResult> Update(HttpContext http, string id, BackendRequest request, UserEndpointsHandler handler, UserWrites writes, UserViews views, CancellationToken cancellationToken)
    {
        var body = await request.BodyAsync(http, UserWrites.UpdateFields);
        if (body.Failed)
        {
            return BackendResults.Error(http, body.Error!);
        }

        var user = await handler.FindAsync(id, cancellationToken);
        if (user is null)
        {
            return BackendResults.Error(http, UserEndpointsHandler.UserNotFound);
        }

        var updated = await writes.UpdateAsync(user, body.Value!, cancellationToken);
        return updated.Failed ? BackendResults.Error(http, updated.Error!) : BackendResults.Json(await views.BuildAsync(updated.Value!, cancellationToken));
    }

    private static async Task<IResult> Delete(HttpContext http, string id, UserEndpointsHandler handler, UserService users, CancellationToken cancellationToken)
    {
        var user = await handler.FindAsync(id, cancellationToken);
        if (user is null)
        {
            return BackendResults.Error(http, UserEndpointsHandler.UserNotFound);
        }

        await users.DeleteAsync(user, cancellationToken);
        return BackendResults.Json(new DeletedObjectJson("user", user.Id));
    }

    private static async Task<IResult> VerifyPassword(HttpContext http, string id, BackendRequest request, UserEndpointsHandler handler, UserWrites writes, CancellationToken cancellationToken)
    {
        var body = await request.BodyAsync(http, PasswordField);
        if (body.Failed)
        {
            return BackendResults.Error(http, body.Error!);
        }

        var user = await handler.FindAsync(id, cancellationToken);
        if (user is null)
        {
            return BackendResults.Error(http, UserEndpointsHandler.UserNotFound);
        }

        var verified = await writes.VerifyPasswordAsync(user, body.Value!, cancellationToken);
        return verified.Failed ? BackendResults.Error(http, verified.Error!) : BackendResults.Json(new VerifiedJson(true));
    }

    private static readonly IReadOnlySet<string> PasswordField = new HashSet<string>(StringComparer.Ordinal) { "password" };
}

/// <summary><c>{"verified":true}</c>.</summary>
internal sealed record VerifiedJson(bool Verified);

/// <summary>Shared lookups and the standing/metadata handlers of <see cref="UserEndpoints"/>.</summary>
internal sealed class UserEndpointsHandler(LatchkeyDbContext db, UserService users, UserWrites writes, UserViews views, BackendRequest request)
{
    public static readonly ApiError UserNotFound = BackendRequest.NotFound("user", "user_id");

    /// <summary>The tracked user with addresses, or null (also for ids that cannot exist).</summary>
    public async Task<UserEntity?> FindAsync(string id, CancellationToken cancellationToken) =>
        id.Length > StorageLimits.Id ? null : await db.Users.Include(u => u.EmailAddresses).FirstOrDefaultAsync(u => u.Id == id, cancellationToken);

    public async Task<IResult> StandingAsync(HttpContext http, string id, Func<UserService, UserEntity, CancellationToken, Task> change, CancellationToken cancellationToken)
    {
        var user = await FindAsync(id, cancellationToken);
        if (user is null)
        {
            return BackendResults.Error(http, UserNotFound);
        }

        await change(users, user, cancellationToken);
        return BackendResults.Json(await views.BuildAsync(user, cancellationToken));
    }

    public async Task<IResult> MetadataAsync(HttpContext http, string id, bool merge, CancellationToken cancellationToken)
    {
        var body = await request.BodyAsync(http, UserWrites.MetadataFields);
        if (body.Failed)
        {
            return BackendResults.Error(http, body.Error!);
        }

        var user = await FindAsync(id, cancellationToken);
        if (user is null)
        {
            return BackendResults.Error(http, UserNotFound);
        }

        var changed = await writes.MetadataAsync(user, body.Value!, merge, cancellationToken);
        return changed.Failed ? BackendResults.Error(http, changed.Error!) : BackendResults.Json(await views.BuildAsync(changed.Value!, cancellationToken));
    }
}
