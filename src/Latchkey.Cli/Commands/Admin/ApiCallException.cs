namespace Latchkey.Cli.Commands.Admin;

/// <summary>
/// The Backend API refused the call or could not be reached: the command stops with
/// exit code 1 (<see cref="Infrastructure.ExitCodes.ApiError"/>). <see cref="Status"/> is 0 when no
/// answer arrived; <see cref="Code"/> is the API's stable error code when it sent one.
/// </summary>
internal sealed class ApiCallException : Exception
{
    public ApiCallException(int status, string? code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
        Code = code;
    }

    public int Status { get; }

    public string? Code { get; }
}
