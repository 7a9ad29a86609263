using System.CommandLine;
using Latchkey.Cli.Commands.Token;
using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Commands;

/// <summary>
/// The command tree. Each top-level group lives in its own folder under <c>Commands/</c>
/// (<c>Token/</c> today; the admin commands and <c>request explain</c> add theirs) and is
/// registered here, so adding a command touches its folder and one line of this file.
/// </summary>
internal static class CliCommands
{
    public static RootCommand CreateRoot(CliContext context)
    {
        var root = new RootCommand(
            "Latchkey command-line tool: offline diagnostics for Latchkey (and Clerk-compatible) session tokens.");
        root.Subcommands.Add(TokenCommand.Create(context));
        return root;
    }
}
