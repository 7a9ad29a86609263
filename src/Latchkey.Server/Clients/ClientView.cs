using Latchkey.Server.FrontendApi.Json;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Latchkey.Server.Clients;

/// <summary>Builds the client JSON (sessions with users, current sign-in and sign-up) from the store.</summary>
internal sealed class ClientView(LatchkeyDbContext db, SessionLifetime lifetime, TimeProvider time)
{
    /// <summary>The client's sessions that are signed in now, with their users.</summary>
    public async Task<List<SessionEntity>> ActiveSessionsAsync(string clientId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sessions = await db.Sessions
            .Include(s => s.User!).ThenInclude(u => u.EmailAddresses)
            .Where(s => s.ClientId == clientId && s.Status == SessionStatus.Active)
            .ToListAsync(cancellationToken);
        return [.. sessions
            .Where(s => lifetime.EffectiveStatus(s.Status, s.ExpireAt, s.LastActiveAt, now) == SessionStatus.Active && !s.User!.Banned)
            .OrderBy(s => s.CreatedAt)];
    }

    public async Task<ClientJson> BuildAsync(ClientEntity client, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? tokens = null)
    {
        var sessions = await ActiveSessionsAsync(client.Id, cancellationToken);
        SignInJson? signIn = null;
        SignUpJson? signUp = null;
        if (client.SignInAttemptId is not null
            && await db.SignInAttempts.FirstOrDefaultAsync(a => a.Id == client.SignInAttemptId, cancellationToken) is { } signInAttempt)
        {
            signIn = JsonMapper.SignIn(signInAttempt, await LatestCodeAsync(signInAttempt.Id, cancellationToken));
        }

        if (client.SignUpAttemptId is not null
            && await db.SignUpAttempts.FirstOrDefaultAsync(a => a.Id == client.SignUpAttemptId, cancellationToken) is { } signUpAttempt)
        {
            signUp = JsonMapper.SignUp(signUpAttempt, await LatestCodeAsync(signUpAttempt.Id, cancellationToken));
        }

        var lastActive = sessions.Any(s => s.Id == client.LastActiveSessionId) ? client.LastActiveSessionId : sessions.LastOrDefault()?.Id;
        return new ClientJson(
            client.Id,
            [.. sessions.Select(s => Session(s, tokens?.GetValueOrDefault(s.Id)))],
            signIn,
            signUp,
            lastActive,
            JsonMapper.Ms(client.CookieExpiresAt),
            JsonMapper.Ms(client.CreatedAt),
            JsonMapper.Ms(client.UpdatedAt));
    }

    public SessionJson Session(SessionEntity session, string? token) => new(
        session.Id,
        session.Status,
        JsonMapper.Ms(session.ExpireAt),
        JsonMapper.Ms(lifetime.AbandonAt(session.ExpireAt, session.LastActiveAt)),
        JsonMapper.Ms(session.LastActiveAt),
        JsonMapper.User(session.User!),
        JsonMapper.PublicUserData(session.User!),
        token is null ? null : new TokenJson(token),
        JsonMapper.Ms(session.CreatedAt),
        JsonMapper.Ms(session.UpdatedAt));

    public Task<EmailCodeEntity?> LatestCodeAsync(string attemptId, CancellationToken cancellationToken) =>
        db.EmailCodes.Where(c => c.AttemptId == attemptId && c.ConsumedAt == null)
            .OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(cancellationToken);
}
