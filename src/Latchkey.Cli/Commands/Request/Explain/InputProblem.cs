namespace Latchkey.Cli.Commands.Request.Explain;

/// <summary>
/// Why an input (a request, options, a batch line, a moment) cannot be used, with a stable code
/// for scripts: <c>invalid-json</c>, <c>invalid-request</c>, <c>invalid-options</c>,
/// <c>invalid-now</c>, <c>invalid-line</c>, <c>line-too-long</c>. A single run reports it as a
/// usage error (exit 2); a batch writes it as the line's error and goes on.
/// </summary>
/// <param name="Code">The stable code.</param>
/// <param name="Message">What is wrong and, where it helps, how to fix it.</param>
/// <param name="Details">Further messages, one per problem (e.g. each failure of the options' validation).</param>
internal sealed record InputProblem(string Code, string Message, IReadOnlyList<string>? Details = null)
{
    /// <summary>The message with each detail on its own indented line, for a terminal.</summary>
    public string FullText => Details is { Count: > 0 } details ? Message + string.Concat(details.Select(d => "\n  - " + d)) : Message;

    public const string InvalidJson = "invalid-json";
    public const string InvalidRequest = "invalid-request";
    public const string InvalidOptions = "invalid-options";
    public const string InvalidNow = "invalid-now";
    public const string InvalidLine = "invalid-line";
    public const string LineTooLong = "line-too-long";
}

/// <summary>An input could not be used; carries the <see cref="InputProblem"/>.</summary>
internal sealed class InputProblemException(InputProblem problem) : Exception(problem.Message)
{
    public InputProblem Problem { get; } = problem;
}
