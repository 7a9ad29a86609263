using System.Net;

namespace Latchkey.Load.Tests.Driver;

/// <summary>One answer: status, the protocol's error code when there is one, the latency in milliseconds.</summary>
public readonly record struct CallResult(HttpStatusCode Status, string? ErrorCode, double Milliseconds, string? Body = null, TimeSpan? RetryAfter = null)
{
    /// <summary>No answer at all (connection refused, reset, timeout).</summary>
    public static CallResult Failed(double milliseconds, Exception e) => new(0, e.GetType().Name + ": " + e.Message, milliseconds);

    public bool IsOk => Status == HttpStatusCode.OK;
}
