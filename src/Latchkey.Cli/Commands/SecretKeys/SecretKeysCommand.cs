using System.CommandLine;
using Latchkey.Cli.Commands.Admin;
using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Commands.SecretKeys;

/// <summary><c>latchkey secret-keys create|list|revoke</c>.</summary>
internal static class SecretKeysCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("secret-keys", "Backend API secret keys: several live side by side, so a key is replaced without downtime.");
        command.Subcommands.Add(CreateKey(context));
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Revoke(context));
        return command;
    }

    private static Command CreateKey(CliContext context)
    {
        var options = new AdminOptions();
        var name = new Option<string?>("--name") { Description = "A label for the key (who uses it), up to 64 characters.", HelpName = "label" };
        var command = options.AddTo(new Command("create", "Create a secret key. It is printed once, here; the server keeps only its hash.") { name });
        AdminRunner.SetAction(command, options, context, async call =>
        {
            var label = call.Parse.GetValue(name);
            var created = await call.Api.PostAsync("secret_keys", label is null ? new { } : new { name = label }, call.CancellationToken);
            return await call.PrintAsync(created, async (output, k) =>
            {
                await output.WriteLineAsync(Table.Text(k, "secret"));
                await call.Context.Error.WriteLineAsync($"Created secret key {TerminalText.Escape(Table.Text(k, "id") ?? "?")}{(label is null ? string.Empty : $" ({TerminalText.Escape(label)})")}. Store it now: it is not shown again.");
            });
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var options = new AdminOptions();
        var command = options.AddTo(new Command("list", "List the secret keys: id, name, first characters, created, revoked. '*' marks the key making this call."));
        AdminRunner.SetAction(command, options, context, async call =>
        {
            var keys = await call.Api.GetAsync("secret_keys", call.CancellationToken);
            return await call.PrintAsync(keys, async (output, list) =>
            {
                var table = new Table("ID", "NAME", "HINT", "CREATED", "REVOKED", "");
                foreach (var key in list.EnumerateArray())
                {
                    table.Add(Table.Text(key, "id"), Table.Text(key, "name"), Table.Text(key, "hint") + "…", Table.Time(key, "created_at"), Table.Time(key, "revoked_at"),
                        Table.YesNo(key, "current") == "yes" ? "*" : " ");
                }

                await table.WriteAsync(output);
            });
        });
        return command;
    }

    private static Command Revoke(CliContext context)
    {
        var options = new AdminOptions();
        var id = new Argument<string>("id") { Description = "The key's id (sk_..., from 'latchkey secret-keys list'), not the key itself." };
        var command = options.AddTo(new Command("revoke", "Revoke a secret key; every instance refuses it at once. The last live key cannot be revoked.") { id });
        AdminRunner.SetAction(command, options, context, async call =>
        {
            var value = call.Parse.GetValue(id)!;
            if (Latchkey.Tokens.SecretKey.IsWellFormed(value))
            {
                throw new CliUsageException("that is a secret key, not its id: pass the id shown by 'latchkey secret-keys list' (the key itself should not be typed on a command line)");
            }

            var revoked = await call.Api.PostAsync($"secret_keys/{Uri.EscapeDataString(value)}/revoke", body: null, call.CancellationToken);
            return await call.PrintAsync(revoked, (output, k) =>
                output.WriteLineAsync($"Revoked secret key {TerminalText.Escape(Table.Text(k, "id") ?? "?")} ({TerminalText.Escape(Table.Text(k, "hint") ?? "?")}…) at {Table.Time(k, "revoked_at")}."));
        });
        return command;
    }
}
