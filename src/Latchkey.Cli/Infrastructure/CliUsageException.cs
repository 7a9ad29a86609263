namespace Latchkey.Cli.Infrastructure;

/// <summary>
/// A problem with what the user asked for (an option, a file, a URL, key material): the
/// command stops, <see cref="CliApplication"/> prints the message on stderr and exits with
/// <see cref="ExitCodes.UsageError"/>. Like a configuration error in a library, this is an
/// exception by design; verdicts about tokens are values, never exceptions.
/// </summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
