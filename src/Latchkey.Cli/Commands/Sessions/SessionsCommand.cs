using System.CommandLine;
using Latchkey.Cli.Commands.Admin;
using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Commands.Sessions;

/// <summary><c>latchkey sessions list|revoke</c>.</summary>
internal static class SessionsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("sessions", "Sessions (one signed-in user on one browser): list, revoke.");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Revoke(context));
        return command;
    }

    private static Command List(CliContext context)
    {
        var options = new AdminOptions();
        var page = new PageOptions();
        var user = new Option<string?>("--user") { Description = "Only this user's sessions (user_...).", HelpName = "user-id" };
        var client = new Option<string?>("--client") { Description = "Only this client's sessions (client_...).", HelpName = "client-id" };
        var status = new Option<string?>("--status") { Description = "Only sessions in this status.", HelpName = "status" };
        status.AcceptOnlyFromAmong("active", "ended", "removed", "revoked", "expired");
        var command = page.AddTo(options.AddTo(new Command("list", "List sessions, newest first.") { user, client, status }));
        AdminRunner.SetAction(command, options, context, async call =>
        {
            var offset = call.Parse.GetValue(page.Offset);
            var path = "sessions" + new QueryString().Add("user_id", call.Parse.GetValue(user)).Add("client_id", call.Parse.GetValue(client)).Add("status", call.Parse.GetValue(status))
                .Add("limit", call.Parse.GetValue(page.Limit)).Add("offset", offset).Add("paginated", "true");
            var sessions = await call.Api.GetAsync(path, call.CancellationToken);
            return await call.PrintAsync(sessions, async (output, p) =>
            {
                var table = new Table("ID", "USER", "STATUS", "CREATED", "LAST ACTIVE", "EXPIRES");
                foreach (var s in p.GetProperty("data").EnumerateArray())
                {
                    table.Add(Table.Text(s, "id"), Table.Text(s, "user_id"), Table.Text(s, "status"), Table.Time(s, "created_at"), Table.Time(s, "last_active_at"), Table.Time(s, "expire_at"));
                }

                await table.WriteAsync(output);
                await PageOptions.WriteFooterAsync(output, p, offset, "sessions");
            });
        });
        return command;
    }

    private static Command Revoke(CliContext context)
    {
        var options = new AdminOptions();
        var id = new Argument<string>("session-id") { Description = "The session's id (sess_...)." };
        var command = options.AddTo(new Command("revoke", "Revoke a session: no new token from now on (tokens already minted live until they expire).") { id });
        AdminRunner.SetAction(command, options, context, async call =>
        {
            var session = await call.Api.PostAsync($"sessions/{Uri.EscapeDataString(call.Parse.GetValue(id)!)}/revoke", body: null, call.CancellationToken);
            return await call.PrintAsync(session, (output, s) => output.WriteLineAsync(
                $"Session {TerminalText.Escape(Table.Text(s, "id") ?? "?")} of user {TerminalText.Escape(Table.Text(s, "user_id") ?? "?")} is {TerminalText.Escape(Table.Text(s, "status") ?? "?")}."));
        });
        return command;
    }
}
