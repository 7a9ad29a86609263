using System.CommandLine;
using System.CommandLine.Parsing;
using Latchkey.Cli.Commands;
using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli;

/// <summary>
/// The entry point shared by the process (<c>Program.cs</c>) and the tests: parses the
/// command line, runs the chosen command and maps every outcome onto the documented exit
/// codes. Parse errors and <see cref="CliUsageException"/> give <see cref="ExitCodes.UsageError"/>
/// with a message on stderr; an unexpected exception gives <see cref="ExitCodes.InternalError"/>
/// with a one-line message, never a stack trace on the user's terminal.
/// </summary>
internal static class CliApplication
{
    /// <summary>The name the tool is installed under (<c>ToolCommandName</c>).</summary>
    public const string ToolName = "latchkey";

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        RootCommand root = CliCommands.CreateRoot(context);

        // Response files (@file) are off: a token or path starting with '@' must never make the
        // parser read a file the user did not name as such.
        ParseResult parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            foreach (ParseError error in parse.Errors)
            {
                await context.Error.WriteLineAsync($"{ToolName}: {TerminalText.Escape(error.Message)}");
            }

            await context.Error.WriteLineAsync($"Run '{CommandPath(parse)} --help' for usage.");
            return ExitCodes.UsageError;
        }

        var invocation = new InvocationConfiguration
        {
            Output = context.Output,
            Error = context.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await parse.InvokeAsync(invocation, cancellationToken);
        }
        catch (CliUsageException e)
        {
            await context.Error.WriteLineAsync($"{ToolName}: {TerminalText.Escape(e.Message)}");
            return ExitCodes.UsageError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync($"{ToolName}: cancelled");
            return ExitCodes.UsageError;
        }
        catch (Exception e)
        {
            await context.Error.WriteLineAsync(
                $"{ToolName}: internal error, please report it: {e.GetType().Name}: {TerminalText.Escape(e.Message)}");
            return ExitCodes.InternalError;
        }
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (SymbolResult? result = parse.CommandResult; result is not null; result = result.Parent)
        {
            if (result is CommandResult command)
            {
                names.Push(command.Command is RootCommand ? ToolName : command.Command.Name);
            }
        }

        return string.Join(' ', names);
    }
}
