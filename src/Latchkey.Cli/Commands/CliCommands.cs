using System.CommandLine;
using Latchkey.Cli.Commands.Request;
using Latchkey.Cli.Commands.Instance;
using Latchkey.Cli.Commands.SecretKeys;
using Latchkey.Cli.Commands.Sessions;
using Latchkey.Cli.Commands.Token;
using Latchkey.Cli.Commands.Users;
using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Commands;

/// <summary>
/// The command tree. Each top-level group lives in its own folder under <c>Commands/</c>
/// (<c>Token/</c>, <c>Request/</c>; the operator commands <c>Instance/</c>, <c>SecretKeys/</c>,
/// <c>Users/</c>, <c>Sessions/</c> over the Backend API, sharing <c>Admin/</c>) and is
/// registered here, so adding a command touches its folder and one line of this file.
/// </summary>
internal static class CliCommands
{
    public static RootCommand CreateRoot(CliContext context)
    {
        var root = new RootCommand(
            "Latchkey command-line tool: offline diagnostics for Latchkey (and Clerk-compatible) session tokens and requests, and operator commands over a Latchkey server's Backend API.");
        root.Subcommands.Add(TokenCommand.Create(context));
        root.Subcommands.Add(RequestCommand.Create(context));
        root.Subcommands.Add(InstanceCommand.Create(context));
        root.Subcommands.Add(SecretKeysCommand.Create(context));
        root.Subcommands.Add(UsersCommand.Create(context));
        root.Subcommands.Add(SessionsCommand.Create(context));
        return root;
    }
}
