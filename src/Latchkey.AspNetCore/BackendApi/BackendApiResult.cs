using System.Text.Json;

namespace Latchkey.AspNetCore.BackendApi;

/// <summary>
/// The outcome of one Backend API call: the JSON body of a 2xx answer, or the failure (HTTP
/// status and the first error code of the protocol's envelope, or a transport failure).
/// </summary>
internal sealed class BackendApiResult
{
    private BackendApiResult(JsonElement? body, int status, string? errorCode, string? errorMessage)
    {
        Body = body;
        Status = status;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
    }

    /// <summary>The parsed body of a successful answer.</summary>
    public JsonElement? Body { get; }

    /// <summary>The HTTP status; 0 for a transport failure (timeout, refused connection, bad JSON).</summary>
    public int Status { get; }

    /// <summary>The first <c>errors[].code</c> of an error envelope, when there was one.</summary>
    public string? ErrorCode { get; }

    /// <summary>The first <c>errors[].message</c>, or a description of the transport failure.</summary>
    public string? ErrorMessage { get; }

    public bool IsSuccess => Body.HasValue;

    /// <summary>An HTTP answer that was not 2xx (the server spoke).</summary>
    public bool IsApiError => !IsSuccess && Status != 0;

    public static BackendApiResult Success(JsonElement body, int status) => new(body, status, null, null);

    public static BackendApiResult ApiError(int status, string? code, string? message) => new(null, status, code, message);

    public static BackendApiResult TransportFailure(string message) => new(null, 0, null, message);
}
