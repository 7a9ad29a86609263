using System.Collections.Concurrent;
using System.Net;

namespace Latchkey.Load.Tests.Driver;

/// <summary>Counts an attacker's answers by kind: password checked and refused, locked, rate-limited, anything else.</summary>
public sealed class AttackTally
{
    private readonly ConcurrentDictionary<string, int> _kinds = new();
    private int _missingRetryAfter;

    /// <summary>Answers saying the password was checked and wrong (422 <c>form_password_incorrect</c>).</summary>
    public int Checked => _kinds.GetValueOrDefault("422 form_password_incorrect");

    /// <summary>403 <c>user_locked</c>: the lockout refused (the attempt that trips the lock is counted here too).</summary>
    public int Locked => _kinds.GetValueOrDefault("403 user_locked");

    /// <summary>429 <c>too_many_requests</c>.</summary>
    public int Limited => _kinds.GetValueOrDefault("429 too_many_requests");

    public int Total => _kinds.Values.Sum();

    /// <summary>Answers of any other kind.</summary>
    public int Other => Total - Checked - Locked - Limited;

    /// <summary>Refusals (429, 403) that lacked a <c>Retry-After</c>.</summary>
    public int MissingRetryAfter => _missingRetryAfter;

    public void Add(CallResult result)
    {
        _kinds.AddOrUpdate($"{(int)result.Status} {result.ErrorCode}", 1, (_, n) => n + 1);
        if (result.Status is HttpStatusCode.TooManyRequests or HttpStatusCode.Forbidden && result.RetryAfter is null)
        {
            Interlocked.Increment(ref _missingRetryAfter);
        }
    }

    public override string ToString() => string.Join(", ", _kinds.OrderByDescending(k => k.Value).Select(k => $"{k.Key}: {k.Value}"));
}
