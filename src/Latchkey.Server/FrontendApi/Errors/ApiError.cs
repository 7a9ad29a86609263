namespace Latchkey.Server.FrontendApi.Errors;

/// <summary>
/// One error in the protocol's envelope (<c>{"errors":[{code,message,long_message,meta}],"clerk_trace_id"}</c>).
/// <paramref name="Code"/> is a stable snake_case string; clients and tests match on it.
/// </summary>
internal sealed record ApiError(int Status, string Code, string Message, string LongMessage, string? ParamName = null)
{
    /// <summary>Extra fields for <c>meta</c> besides <c>param_name</c>.</summary>
    public IReadOnlyDictionary<string, object?>? Meta { get; init; }

    /// <summary>Seconds after which the client may retry (429 and lockouts); sent as <c>Retry-After</c>.</summary>
    public int? RetryAfterSeconds { get; init; }
}
