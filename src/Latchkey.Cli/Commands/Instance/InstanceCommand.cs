using System.CommandLine;
using Latchkey.Cli.Commands.Admin;
using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Commands.Instance;

/// <summary><c>latchkey instance keys</c> and <c>latchkey instance rotate-signing-key</c>.</summary>
internal static class InstanceCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("instance", "The instance's keys: publishable key, PEM public key, signing-key rotation.");
        command.Subcommands.Add(Keys(context));
        command.Subcommands.Add(Rotate(context));
        return command;
    }

    private static Command Keys(CliContext context)
    {
        var options = new AdminOptions();
        var command = options.AddTo(new Command("keys", "Show the publishable key, the URLs, the signing keys and the PEM public key of the current signing key (a backend's jwtKey)."));
        AdminRunner.SetAction(command, options, context, async call =>
        {
            var keys = await call.Api.GetAsync("instance/keys", call.CancellationToken);
            return await call.PrintAsync(keys, async (output, k) =>
            {
                await output.WriteLineAsync($"Publishable key:  {Table.Text(k, "publishable_key")}");
                await output.WriteLineAsync($"Frontend API URL: {Table.Text(k, "frontend_api_url")}");
                await output.WriteLineAsync($"JWKS URL:         {Table.Text(k, "jwks_url")}");
                await output.WriteLineAsync($"Instance type:    {Table.Text(k, "instance_type")}");
                await output.WriteLineAsync();
                var table = new Table("KID", "STATUS", "ALGORITHM", "CREATED", "SIGNS FROM", "PUBLISHED UNTIL");
                foreach (var key in k.GetProperty("signing_keys").EnumerateArray())
                {
                    table.Add(Table.Text(key, "kid"), Table.Text(key, "status"), Table.Text(key, "algorithm"), Table.Time(key, "created_at"), Table.Time(key, "activates_at"), Table.Time(key, "published_until"));
                }

                await table.WriteAsync(output);
                await output.WriteLineAsync();
                await output.WriteLineAsync("Public key of the current signing key (PEM):");
                await output.WriteAsync(Table.Text(k, "public_key_pem") ?? string.Empty);
            });
        });
        return command;
    }

    private static Command Rotate(CliContext context)
    {
        var options = new AdminOptions();
        var command = options.AddTo(new Command("rotate-signing-key",
            "Rotate the signing key: the new key is published now and signs after two refresh intervals; the old key stays published until its tokens expired."));
        AdminRunner.SetAction(command, options, context, async call =>
        {
            var rotation = await call.Api.PostAsync("instance/signing_keys/rotate", body: null, call.CancellationToken);
            return await call.PrintAsync(rotation, async (output, r) =>
            {
                await output.WriteLineAsync($"New signing key {Table.Text(r, "kid")}: published now, signs from {Table.Time(r, "activates_at")}.");
                var retired = string.Join(", ", r.GetProperty("retired_kids").EnumerateArray().Select(k => k.GetString()));
                await output.WriteLineAsync($"Retired: {TerminalText.Escape(retired)}; published until {Table.Time(r, "retired_keys_published_until")} (when the last token it signed has expired).");
                await output.WriteLineAsync("Backends configured with a PEM jwtKey need the new key (latchkey instance keys) before it signs; JWKS users need nothing.");
            });
        });
        return command;
    }
}
