using System.CommandLine;
using Latchkey.Cli.Commands.Token.Verify;
using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Commands.Token;

/// <summary>The <c>latchkey token</c> group: commands about session tokens.</summary>
internal static class TokenCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("token", "Work with session tokens (JWTs).");
        command.Subcommands.Add(TokenVerifyCommand.Create(context));
        return command;
    }
}
