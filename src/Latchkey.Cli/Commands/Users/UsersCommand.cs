using System.CommandLine;
using System.Text;
using Latchkey.Cli.Commands.Admin;
using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Commands.Users;

/// <summary><c>latchkey users create|list|ban|unban</c>.</summary>
internal static class UsersCommand
{
    /// <summary>Longest password read from standard input.</summary>
    private const int MaxPasswordBytes = 4096;

    public static Command Create(CliContext context)
    {
        var command = new Command("users", "Users of the instance: create, list, ban.");
        command.Subcommands.Add(CreateUser(context));
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Standing(context, "ban", "Ban a user: sign-in refused, every session revoked, no new tokens."));
        command.Subcommands.Add(Standing(context, "unban", "Lift a ban (revoked sessions stay revoked)."));
        return command;
    }

    private static Command CreateUser(CliContext context)
    {
        var options = new AdminOptions();
        var emails = new Option<string[]>("--email") { Description = "An email address (verified at once). Repeatable; the first is primary.", HelpName = "address", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        var username = new Option<string?>("--username") { Description = "A username (3 to 64 letters, digits, '_', '-', '.').", HelpName = "name" };
        var firstName = new Option<string?>("--first-name") { HelpName = "name", Description = "First name." };
        var lastName = new Option<string?>("--last-name") { HelpName = "name", Description = "Last name." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (one line), e.g. from a secret store; never on the command line." };
        var noPassword = new Option<bool>("--no-password") { Description = "Create the user without a password (sign-in by email code)." };
        var skipChecks = new Option<bool>("--skip-password-checks") { Description = "Accept a password shorter than the minimum (imports)." };
        var command = options.AddTo(new Command("create", "Create a user with verified email addresses.") { emails, username, firstName, lastName, passwordStdin, noPassword, skipChecks });
        command.Validators.Add(result =>
        {
            if (result.GetValue(passwordStdin) == result.GetValue(noPassword))
            {
                result.AddError("pass --password-stdin (the password piped in) or --no-password");
            }

            if ((result.GetValue(emails) ?? []).Length == 0 && result.GetValue(username) is null)
            {
                result.AddError("a user needs --email <address> or --username <name>");
            }
        });
        AdminRunner.SetAction(command, options, context, async call =>
        {
            var body = new Dictionary<string, object>();
            if (call.Parse.GetValue(emails) is { Length: > 0 } addresses)
            {
                body["email_address"] = addresses;
            }

            Put(body, "username", call.Parse.GetValue(username));
            Put(body, "first_name", call.Parse.GetValue(firstName));
            Put(body, "last_name", call.Parse.GetValue(lastName));
            if (call.Parse.GetValue(passwordStdin))
            {
                body["password"] = await ReadPasswordAsync(call.Context);
                body["skip_password_checks"] = call.Parse.GetValue(skipChecks);
            }
            else
            {
                body["skip_password_requirement"] = true;
            }

            var user = await call.Api.PostAsync("users", body, call.CancellationToken);
            return await call.PrintAsync(user, (output, u) => output.WriteLineAsync($"Created user {TerminalText.Escape(Table.Text(u, "id") ?? "?")} ({TerminalText.Escape(PrimaryEmail(u) ?? Table.Text(u, "username") ?? "-")})."));
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var options = new AdminOptions();
        var page = new PageOptions();
        var emails = new Option<string[]>("--email") { Description = "Only these email addresses (exact, case-insensitive). Repeatable.", HelpName = "address", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        var query = new Option<string?>("--query") { Description = "Part of an id, email address, username or name.", HelpName = "text" };
        var orderBy = new Option<string?>("--order-by") { Description = "created_at, updated_at, first_name, last_name, username, email_address, last_sign_in_at or last_active_at; prefix - for descending. Default: -created_at.", HelpName = "field" };
        var command = page.AddTo(options.AddTo(new Command("list", "List users, newest first.") { emails, query, orderBy }));
        AdminRunner.SetAction(command, options, context, async call =>
        {
            var offset = call.Parse.GetValue(page.Offset);
            var path = "users" + new QueryString().AddAll("email_address", call.Parse.GetValue(emails)).Add("query", call.Parse.GetValue(query))
                .Add("order_by", call.Parse.GetValue(orderBy)).Add("limit", call.Parse.GetValue(page.Limit)).Add("offset", offset).Add("paginated", "true");
            var users = await call.Api.GetAsync(path, call.CancellationToken);
            return await call.PrintAsync(users, async (output, p) =>
            {
                var table = new Table("ID", "EMAIL", "NAME", "USERNAME", "BANNED", "LOCKED", "CREATED", "LAST SIGN-IN");
                foreach (var u in p.GetProperty("data").EnumerateArray())
                {
                    var name = string.Join(' ', new[] { Table.Text(u, "first_name"), Table.Text(u, "last_name") }.Where(n => n is not null));
                    table.Add(Table.Text(u, "id"), PrimaryEmail(u), name, Table.Text(u, "username"), Table.YesNo(u, "banned"), Table.YesNo(u, "locked"), Table.Time(u, "created_at"), Table.Time(u, "last_sign_in_at"));
                }

                await table.WriteAsync(output);
                await PageOptions.WriteFooterAsync(output, p, offset, "users");
            });
        });
        return command;
    }

    private static Command Standing(CliContext context, string action, string description)
    {
        var options = new AdminOptions();
        var id = new Argument<string>("user-id") { Description = "The user's id (user_...)." };
        var command = options.AddTo(new Command(action, description) { id });
        AdminRunner.SetAction(command, options, context, async call =>
        {
            var user = await call.Api.PostAsync($"users/{Uri.EscapeDataString(call.Parse.GetValue(id)!)}/{action}", body: null, call.CancellationToken);
            return await call.PrintAsync(user, (output, u) => output.WriteLineAsync(
                $"User {TerminalText.Escape(Table.Text(u, "id") ?? "?")} ({TerminalText.Escape(PrimaryEmail(u) ?? "-")}) is {(Table.YesNo(u, "banned") == "yes" ? "banned; every session was revoked" : "not banned")}."));
        });
        return command;
    }

    private static string? PrimaryEmail(System.Text.Json.JsonElement user)
    {
        var primary = Table.Text(user, "primary_email_address_id");
        return user.TryGetProperty("email_addresses", out var addresses)
            ? addresses.EnumerateArray().Where(a => Table.Text(a, "id") == primary).Select(a => Table.Text(a, "email_address")).FirstOrDefault()
            : null;
    }

    private static void Put(Dictionary<string, object> body, string name, string? value)
    {
        if (value is not null)
        {
            body[name] = value;
        }
    }

    private static async Task<string> ReadPasswordAsync(CliContext context)
    {
        if (!context.IsInputRedirected)
        {
            throw new CliUsageException("--password-stdin reads the password from standard input: pipe it in, e.g. `pass show app/admin | latchkey users create ... --password-stdin`");
        }

        await using var input = context.OpenInput();
        var buffer = new byte[MaxPasswordBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await input.ReadAsync(buffer.AsMemory(length))) > 0)
        {
            length += read;
        }

        if (length > MaxPasswordBytes)
        {
            throw new CliUsageException($"the password on standard input is longer than {MaxPasswordBytes} bytes");
        }

        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, length);
        var line = text.Split('\n', 2)[0].TrimEnd('\r');
        return line.Length == 0 ? throw new CliUsageException("standard input holds no password (an empty first line)") : line;
    }
}
