using System.CommandLine;
using System.Text.Json;

namespace Latchkey.Cli.Commands.Admin;

/// <summary><c>--limit</c> (1–500, default 20) and <c>--offset</c> of list commands, and the footer that says which part of the list was shown.</summary>
internal sealed class PageOptions
{
    public Option<int> Limit { get; } = new("--limit")
    {
        Description = "How many to show (1 to 500).",
        DefaultValueFactory = _ => 20,
        HelpName = "n",
    };

    public Option<int> Offset { get; } = new("--offset")
    {
        Description = "How many to skip (for the next page).",
        DefaultValueFactory = _ => 0,
        HelpName = "n",
    };

    public Command AddTo(Command command)
    {
        command.Options.Add(Limit);
        command.Options.Add(Offset);
        Limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 500)
            {
                result.AddError("--limit is a number from 1 to 500");
            }
        });
        Offset.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--offset cannot be negative");
            }
        });
        return command;
    }

    /// <summary>"Showing 1–20 of 42 users; next page: --offset 20".</summary>
    public static Task WriteFooterAsync(TextWriter output, JsonElement page, int offset, string noun)
    {
        var shown = page.GetProperty("data").GetArrayLength();
        var total = page.GetProperty("total_count").GetInt64();
        if (shown == 0)
        {
            return output.WriteLineAsync(total == 0 ? $"No {noun}." : $"No {noun} at offset {offset} ({total} in all).");
        }

        var next = offset + shown < total ? $"; next page: --offset {offset + shown}" : string.Empty;
        return output.WriteLineAsync($"Showing {offset + 1}-{offset + shown} of {total} {noun}{next}.");
    }
}
