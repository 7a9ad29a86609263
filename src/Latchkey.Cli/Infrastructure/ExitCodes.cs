namespace Latchkey.Cli.Infrastructure;

/// <summary>
/// The exit codes every command uses, so scripts can trust them (documented in <c>docs/cli.md</c>).
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked and the answer is "yes" (e.g. the token is valid).</summary>
    public const int Ok = 0;

    /// <summary>The command ran, and the answer is "no" (e.g. the token is rejected).</summary>
    public const int Rejected = 1;

    /// <summary>An operator command's call failed: the Backend API refused it or could not be reached (same value as <see cref="Rejected"/>).</summary>
    public const int ApiError = 1;

    /// <summary>The command could not run as asked: bad options, unreadable file, bad key material, unreachable URL.</summary>
    public const int UsageError = 2;

    /// <summary>A bug in the tool: an unexpected exception. The message asks for a report.</summary>
    public const int InternalError = 3;
}
