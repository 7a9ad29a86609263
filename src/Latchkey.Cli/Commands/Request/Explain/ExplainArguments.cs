namespace Latchkey.Cli.Commands.Request.Explain;

/// <summary>The parsed command line of <c>latchkey request explain</c>.</summary>
internal sealed record ExplainArguments
{
    /// <summary>The request file (JSON Lines with <see cref="Batch"/>), <c>-</c> for stdin, or null (stdin when piped).</summary>
    public string? Input { get; init; }

    /// <summary>The <c>--options</c> file.</summary>
    public string? OptionsFile { get; init; }

    /// <summary>The <c>--options-json</c> text.</summary>
    public string? OptionsJson { get; init; }

    /// <summary>The <c>--now</c> moment in Unix milliseconds, or null for the clock.</summary>
    public long? NowUnixMilliseconds { get; init; }

    public bool Json { get; init; }

    public bool Batch { get; init; }

    /// <summary>Whether options were given on the command line.</summary>
    public bool HasOptions => OptionsFile is not null || OptionsJson is not null;

    /// <summary>How messages name the command-line options.</summary>
    public string OptionsSource => OptionsFile is not null ? "--options " + OptionsFile : "--options-json";
}
