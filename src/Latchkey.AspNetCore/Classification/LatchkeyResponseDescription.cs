namespace Latchkey.AspNetCore;

/// <summary>
/// What the authentication handler answers for a <see cref="LatchkeyRequestState"/>, with the
/// default events: a 307 redirect (handshake, development clean-up), a 401 challenge, or nothing
/// (the request reaches the endpoint), and the response headers it writes. Made by
/// <see cref="LatchkeyRequestClassifier.DescribeResponse"/> with the same rules the handler runs.
/// </summary>
public sealed class LatchkeyResponseDescription
{
    internal LatchkeyResponseDescription(int? statusCode, IReadOnlyList<KeyValuePair<string, string>> headers, bool isSignedIn, string? reason)
    {
        StatusCode = statusCode;
        Headers = headers;
        IsSignedIn = isSignedIn;
        Reason = reason;
    }

    /// <summary><c>307</c> (the handler redirects), <c>401</c> (the endpoint requires authorization and challenges), or null (the request reaches the endpoint).</summary>
    public int? StatusCode { get; }

    /// <summary>Whether the request reaches the endpoint (<see cref="StatusCode"/> is null).</summary>
    public bool ReachesEndpoint => StatusCode is null;

    /// <summary>
    /// Whether application code sees a signed-in user (<c>LatchkeyAuth.IsSignedIn</c>): a signed-in
    /// state, unless its session is pending and pending sessions are treated as signed out.
    /// </summary>
    public bool IsSignedIn { get; }

    /// <summary>The reason application code sees (<c>LatchkeyAuth.Reason</c>, and the one in <c>WWW-Authenticate</c>); null when signed in.</summary>
    public string? Reason { get; }

    /// <summary>The response headers in the order written; <c>Set-Cookie</c> may repeat.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>Returns the first value of a response header, or null.</summary>
    /// <param name="name">The header name (case-insensitive).</param>
    public string? GetHeader(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
