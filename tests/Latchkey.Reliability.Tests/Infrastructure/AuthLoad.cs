using System.Collections.Concurrent;
using System.Net;

namespace Latchkey.Reliability.Tests.Infrastructure;

/// <summary>
/// Concurrent sign-up (Frontend API), user creation (Backend API), sign-in (Frontend API) and
/// revocation (Backend API) against one server, recording every write the server acknowledged
/// (a 2xx the client received). A request that got no answer (the server was killed, the
/// database was stopped) is not acknowledged; it may or may not have happened.
/// </summary>
public sealed class AuthLoad(Func<Uri> server, Func<string> secretKey, int workers)
{
    public const string Password = "correct horse battery";

    private readonly ConcurrentDictionary<string, string> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AckedSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _revocationsSent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failureKinds = new(StringComparer.Ordinal);
    private int _transportFailures;
    private int _acknowledged;

    /// <summary>Writes acknowledged so far (all kinds).</summary>
    public int Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>
    /// Waits until at least <paramref name="count"/> more writes are acknowledged than <paramref name="since"/>
    /// (so a fault lands in the middle of live load, not before the restarted server got going), or the timeout.
    /// </summary>
    public async Task WaitForAcknowledgedAsync(int since, int count, TimeSpan timeout)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (Acknowledged < since + count && watch.Elapsed < timeout)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>Waits until at least one revocation was acknowledged, or the timeout.</summary>
    public async Task WaitForRevocationAsync(TimeSpan timeout)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!Revoked.Any() && watch.Elapsed < timeout)
        {
            await Task.Delay(20);
        }
    }

    /// <summary>Transport failures by exception type and message.</summary>
    public IReadOnlyDictionary<string, int> FailureKinds => _failureKinds;

    /// <summary>Acknowledged users: id to email address.</summary>
    public IReadOnlyDictionary<string, string> Users => _users;

    /// <summary>Acknowledged sessions (sign-ups and sign-ins) with the browser that holds them.</summary>
    public IReadOnlyDictionary<string, AckedSession> Sessions => _sessions;

    /// <summary>Sessions whose revocation the server acknowledged.</summary>
    public IEnumerable<string> Revoked => _sessions.Values.Where(s => s.RevocationAcknowledged).Select(s => s.SessionId);

    /// <summary>Sessions whose revocation was sent but not acknowledged (either outcome is correct).</summary>
    public bool RevocationSent(string sessionId) => _revocationsSent.ContainsKey(sessionId);

    /// <summary>Answers by operation and status, e.g. <c>sign-in 200</c>.</summary>
    public IReadOnlyDictionary<string, int> Answers => _answers;

    /// <summary>Requests that got no HTTP answer at all.</summary>
    public int TransportFailures => _transportFailures;

    /// <summary>Answers with a 5xx status other than 503 (a 503 is the documented outage answer).</summary>
    public int ServerErrors => _answers.Where(a => a.Key.EndsWith(" 500", StringComparison.Ordinal) || (a.Key.Contains(" 5", StringComparison.Ordinal) && !a.Key.EndsWith(" 503", StringComparison.Ordinal))).Sum(a => a.Value);

    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(i => Task.Run(() => WorkAsync(i, stop), CancellationToken.None)));

    private async Task WorkAsync(int worker, CancellationToken stop)
    {
        var random = new Random(worker * 7919 + Environment.TickCount);
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            n++;
            var pick = random.Next(100);
            try
            {
                if (pick < 25 || _users.IsEmpty)
                {
                    await SignUpAsync($"w{worker}-{n}-{Guid.NewGuid():N}@example.com");
                }
                else if (pick < 45)
                {
                    await CreateUserAsync($"b{worker}-{n}-{Guid.NewGuid():N}@example.com");
                }
                else if (pick < 75)
                {
                    await SignInAsync(random);
                }
                else
                {
                    await RevokeAsync(random);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                Interlocked.Increment(ref _transportFailures);
                _failureKinds.AddOrUpdate(e.GetType().Name + ": " + (e.InnerException?.Message ?? e.Message), 1, (_, v) => v + 1);
                // The server is down: do not spin.
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    private async Task SignUpAsync(string email)
    {
        var cookies = new CookieContainer();
        using var browser = ApiCaller.Browser(server(), cookies);
        var created = await browser.SignUpAsync(email, Password);
        Count("sign-up", created is null ? "refused" : "200");
        if (created is { } ids)
        {
            _users[ids.UserId] = email;
            _sessions[ids.SessionId] = new AckedSession(ids.SessionId, ids.UserId, cookies);
            Interlocked.Increment(ref _acknowledged);
        }
    }

    private async Task CreateUserAsync(string email)
    {
        using var backend = ApiCaller.Backend(server(), secretKey());
        var answer = await backend.PostJsonAsync("v1/users", new Dictionary<string, object> { ["email_address"] = new[] { email }, ["password"] = Password });
        Count("create-user", ((int)answer.Status).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (answer.IsSuccess)
        {
            _users[answer.Json.GetProperty("id").GetString()!] = email;
            Interlocked.Increment(ref _acknowledged);
        }
    }

    private async Task SignInAsync(Random random)
    {
        var (userId, email) = _users.ElementAt(random.Next(_users.Count));
        var cookies = new CookieContainer();
        using var browser = ApiCaller.Browser(server(), cookies);
        var answer = await browser.PostFormAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = email, ["password"] = Password });
        Count("sign-in", ((int)answer.Status).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (answer.IsSuccess)
        {
            var sessionId = answer.Response.GetProperty("created_session_id").GetString()!;
            _sessions[sessionId] = new AckedSession(sessionId, userId, cookies);
            Interlocked.Increment(ref _acknowledged);
        }
    }

    private async Task RevokeAsync(Random random)
    {
        var candidates = _sessions.Values.Where(s => !_revocationsSent.ContainsKey(s.SessionId)).Take(64).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var session = candidates[random.Next(candidates.Count)];
        if (!_revocationsSent.TryAdd(session.SessionId, 0))
        {
            return;
        }

        using var backend = ApiCaller.Backend(server(), secretKey());
        var answer = await backend.PostJsonAsync($"v1/sessions/{session.SessionId}/revoke");
        Count("revoke", ((int)answer.Status).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (answer.IsSuccess)
        {
            session.RevocationAcknowledged = true;
            Interlocked.Increment(ref _acknowledged);
        }
    }

    private void Count(string operation, string outcome) => _answers.AddOrUpdate($"{operation} {outcome}", 1, (_, v) => v + 1);
}

/// <summary>A session the server acknowledged, with the browser (cookie jar) that holds it.</summary>
public sealed class AckedSession(string sessionId, string userId, CookieContainer cookies)
{
    public string SessionId { get; } = sessionId;

    public string UserId { get; } = userId;

    public CookieContainer Cookies { get; } = cookies;

    /// <summary>Whether a revocation of this session was acknowledged.</summary>
    public bool RevocationAcknowledged { get; set; }
}
