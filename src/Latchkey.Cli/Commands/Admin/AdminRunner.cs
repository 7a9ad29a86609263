using System.CommandLine;
using System.Text.Json;
using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Commands.Admin;

/// <summary>
/// Runs one operator command: resolves the server URL and the secret key (option, then
/// environment, then default), calls the Backend API, and prints either a table (default) or
/// the API's JSON (<c>--json</c>). Exit codes: 0 done, 1 the API refused or could not be
/// reached (message on stderr; with <c>--json</c> also <c>{"error":{status,code,message}}</c> on
/// stdout), 2 usage (no or malformed secret key, bad URL or option).
/// </summary>
internal static class AdminRunner
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Binds <paramref name="run"/> as the command's action.</summary>
    public static void SetAction(Command command, AdminOptions options, CliContext context, Func<AdminCall, Task<int>> run) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            var url = ResolveUrl(parse.GetValue(options.ApiUrl) ?? NonEmpty(context.GetEnvironmentVariable(AdminOptions.ApiUrlVariable)) ?? AdminOptions.DefaultApiUrl);
            var key = parse.GetValue(options.SecretKey) ?? NonEmpty(context.GetEnvironmentVariable(AdminOptions.SecretKeyVariable))
                ?? throw new CliUsageException($"no secret key: set ${AdminOptions.SecretKeyVariable} or pass --secret-key (a new server prints one at first start and writes it to <data folder>/latchkey.keys.json)");
            if (!Latchkey.Tokens.SecretKey.IsWellFormed(key))
            {
                throw new CliUsageException("the secret key is not one: expected sk_test_ or sk_live_ followed by 32 or more letters and digits (a publishable key pk_... does not work here)");
            }

            var json = parse.GetValue(options.Json);
            using var client = new BackendApiClient(context, url, key);
            try
            {
                return await run(new AdminCall(client, parse, context, json, cancellationToken));
            }
            catch (ApiCallException e)
            {
                await context.Error.WriteLineAsync($"{CliApplication.ToolName}: {TerminalText.Escape(e.Message)}");
                if (json)
                {
                    await WriteJsonAsync(context, new { error = new { status = e.Status, code = e.Code, message = e.Message } });
                }

                return ExitCodes.ApiError;
            }
        });

    public static Task WriteJsonAsync(CliContext context, object value) =>
        context.Output.WriteLineAsync(value is JsonElement element ? JsonSerializer.Serialize(element, Indented) : JsonSerializer.Serialize(value, Indented));

    private static Uri ResolveUrl(string text)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || url.Query.Length > 0 || url.Fragment.Length > 0 || url.UserInfo.Length > 0)
        {
            throw new CliUsageException($"--api-url \"{TerminalText.Escape(text)}\" is not an http(s) URL such as {AdminOptions.DefaultApiUrl} or https://auth.example.com");
        }

        return url;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>What a command's body gets: the API client, its parsed options, the streams and the output mode.</summary>
internal sealed record AdminCall(BackendApiClient Api, ParseResult Parse, CliContext Context, bool Json, CancellationToken CancellationToken)
{
    /// <summary>Prints the API's answer as JSON (<c>--json</c>) or runs <paramref name="human"/>; exit 0.</summary>
    public async Task<int> PrintAsync(JsonElement answer, Func<TextWriter, JsonElement, Task> human)
    {
        if (Json)
        {
            await AdminRunner.WriteJsonAsync(Context, answer);
        }
        else
        {
            await human(Context.Output, answer);
        }

        return ExitCodes.Ok;
    }
}
