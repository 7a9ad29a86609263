using System.CommandLine;

namespace Latchkey.Cli.Commands.Admin;

/// <summary>
/// The options every operator command shares: where the server is, the secret key, and the
/// output format. The key and the URL fall back to the environment (<c>LATCHKEY_SECRET_KEY</c>,
/// <c>LATCHKEY_API_URL</c>), so they need not appear on a command line others can read.
/// </summary>
internal sealed class AdminOptions
{
    public const string SecretKeyVariable = "LATCHKEY_SECRET_KEY";
    public const string ApiUrlVariable = "LATCHKEY_API_URL";
    public const string DefaultApiUrl = "http://127.0.0.1:5100";

    public Option<string?> ApiUrl { get; } = new("--api-url")
    {
        Description = $"The Latchkey server (Backend API base), e.g. https://auth.example.com. Default: ${ApiUrlVariable}, else {DefaultApiUrl}.",
        HelpName = "url",
    };

    public Option<string?> SecretKey { get; } = new("--secret-key")
    {
        Description = $"A secret key of the instance (sk_test_... or sk_live_...). Default: ${SecretKeyVariable} (preferred: a command line is visible to other users).",
        HelpName = "key",
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON (the API's answer) instead of a table." };

    /// <summary>Adds the shared options to a command.</summary>
    public Command AddTo(Command command)
    {
        command.Options.Add(ApiUrl);
        command.Options.Add(SecretKey);
        command.Options.Add(Json);
        return command;
    }
}
