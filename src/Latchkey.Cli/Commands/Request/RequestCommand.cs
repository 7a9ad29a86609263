using System.CommandLine;
using Latchkey.Cli.Commands.Request.Explain;
using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Commands.Request;

/// <summary>The <c>latchkey request</c> group: commands about requests to an app that uses Latchkey.AspNetCore.</summary>
internal static class RequestCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("request", "Work with requests to an app protected by Latchkey.AspNetCore.");
        command.Subcommands.Add(RequestExplainCommand.Create(context));
        return command;
    }
}
