using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.Storage.Entities;

namespace Latchkey.Server.FrontendApi.Sessions;

/// <summary>Why a session cannot have a token; 401 so the browser SDK re-reads the client and signs out.</summary>
internal static class TokenErrors
{
    public static ApiError ForStatus(string status) => status switch
    {
        SessionStatus.Ended => new ApiError(401, ErrorCodes.SessionEnded, "Session ended", "This session was signed out."),
        SessionStatus.Removed => new ApiError(401, ErrorCodes.SessionRemoved, "Session removed", "This session was removed from the client."),
        SessionStatus.Revoked => new ApiError(401, ErrorCodes.SessionRevoked, "Session revoked", "This session was revoked."),
        SessionStatus.Expired => new ApiError(401, ErrorCodes.SessionExpired, "Session expired", "This session has expired; sign in again."),
        _ => new ApiError(401, ErrorCodes.AuthenticationInvalid, "Session not active", "This session is not active."),
    };

    public static ApiError Banned() =>
        new(401, ErrorCodes.UserBanned, "User banned", "The session's user is banned.");

    public static ApiError TemplateNotFound(string template) =>
        new(404, ErrorCodes.TemplateNotFound, "JWT template not found", $"No JWT template named '{template}' exists; this server mints session tokens only.", "template");
}
