using Latchkey.Server.BackendApi.Http;
using Latchkey.Server.BackendApi.Json;
using Latchkey.Server.FrontendApi.Sessions;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Latchkey.Server.BackendApi.Sessions;

/// <summary>Backend API sessions (protocol.md §10): list, get, create for a user, revoke, mint a token.</summary>
internal static class BackendSessionEndpoints
{
    private static readonly IReadOnlySet<string> ListParameters = new HashSet<string>(StringComparer.Ordinal) { "user_id", "client_id", "status" };
    private static readonly IReadOnlySet<string> CreateFields = new HashSet<string>(StringComparer.Ordinal) { "user_id" };
    private static readonly IReadOnlySet<string> TokenFields = new HashSet<string>(StringComparer.Ordinal) { "expires_in_seconds" };

    public static RouteGroupBuilder MapBackendSessions(this RouteGroupBuilder group)
    {
        group.MapGet("/sessions", List)
            .WithName("ListSessions").WithSummary("List sessions (filters: user_id, client_id, status; limit/offset; paginated=true for {data,total_count})")
            .Produces<BackendSessionJson[]>().Produces<PageJson<BackendSessionJson>>();
        group.MapGet("/sessions/{id}", Get)
            .WithName("GetSession").WithSummary("Get a session").Produces<BackendSessionJson>();
        group.MapPost("/sessions", Create)
            .WithName("CreateSession").WithSummary("Create an active session for a user (on a new client no browser holds; for tests and automation)").Produces<BackendSessionJson>();
        group.MapPost("/sessions/{id}/revoke", Revoke)
            .WithName("RevokeSession").WithSummary("Revoke a session: no new token from now on").Produces<BackendSessionJson>();
        group.MapPost("/sessions/{id}/tokens", Mint)
            .WithName("CreateSessionToken").WithSummary("Mint a session token (optional expires_in_seconds, up to BackendTokenMaximumLifetime)").Produces<BackendTokenJson>();
        group.MapPost("/sessions/{id}/tokens/{template}", (HttpContext http, string template) =>
                BackendResults.Error(http, TokenErrors.TemplateNotFound(template.Length > 64 ? template[..64] : template)))
            .WithName("CreateSessionTemplateToken").WithSummary("JWT templates do not exist yet: always 404 template_not_found").Produces<BackendTokenJson>();
        return group;
    }

    private static async Task<IResult> List(HttpContext http, LatchkeyDbContext db, SessionViews views, CancellationToken cancellationToken)
    {
        var query = BackendQuery.Parse(http.Request.Query, ListParameters);
        if (query.Failed)
        {
            return BackendResults.Error(http, query.Error!);
        }

        var sessions = db.Sessions.AsNoTracking();
        foreach (var (name, apply) in new (string, Func<IQueryable<SessionEntity>, string, IQueryable<SessionEntity>>)[]
        {
            ("user_id", (q, v) => q.Where(s => s.UserId == v)),
            ("client_id", (q, v) => q.Where(s => s.ClientId == v)),
        })
        {
            var value = query.Value!.Single(name, StorageLimits.Id);
            if (value.Failed)
            {
                return BackendResults.Error(http, value.Error!);
            }

            if (value.Value is not null)
            {
                sessions = apply(sessions, value.Value);
            }
        }

        var status = query.Value!.Single("status", StorageLimits.Status);
        if (status.Failed)
        {
            return BackendResults.Error(http, status.Error!);
        }

        if (status.Value is not null)
        {
            var filtered = views.WithStatus(sessions, status.Value);
            if (filtered.Failed)
            {
                return BackendResults.Error(http, filtered.Error!);
            }

            sessions = filtered.Value!;
        }

        var page = await sessions.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id)
            .Skip(query.Value.Offset).Take(query.Value.Limit).ToListAsync(cancellationToken);
        var data = page.Select(views.Map).ToList();
        return query.Value.Paginated
            ? BackendResults.Json(new PageJson<BackendSessionJson>(data, await sessions.LongCountAsync(cancellationToken)))
            : BackendResults.Json(data);
    }

    private static async Task<IResult> Get(HttpContext http, string id, SessionViews views, CancellationToken cancellationToken)
    {
        var session = await views.FindAsync(id, cancellationToken);
        return session is null ? BackendResults.Error(http, SessionViews.NotFound) : BackendResults.Json(views.Map(session));
    }

    private static async Task<IResult> Create(HttpContext http, BackendRequest request, SessionAdmin admin, SessionViews views, CancellationToken cancellationToken)
    {
        var body = await request.BodyAsync(http, CreateFields);
        if (body.Failed)
        {
            return BackendResults.Error(http, body.Error!);
        }

        var session = await admin.CreateAsync(body.Value!, cancellationToken);
        return session.Failed ? BackendResults.Error(http, session.Error!) : BackendResults.Json(views.Map(session.Value!));
    }

    private static async Task<IResult> Revoke(HttpContext http, string id, SessionAdmin admin, SessionViews views, CancellationToken cancellationToken)
    {
        var session = await admin.RevokeAsync(id, cancellationToken);
        return session is null ? BackendResults.Error(http, SessionViews.NotFound) : BackendResults.Json(views.Map(session));
    }

    private static async Task<IResult> Mint(HttpContext http, string id, BackendRequest request, SessionAdmin admin, CancellationToken cancellationToken)
    {
        var body = await request.BodyAsync(http, TokenFields);
        if (body.Failed)
        {
            return BackendResults.Error(http, body.Error!);
        }

        var jwt = await admin.MintAsync(id, body.Value!, cancellationToken);
        return jwt.Failed ? BackendResults.Error(http, jwt.Error!) : BackendResults.Json(new BackendTokenJson(jwt.Value!));
    }
}
