using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Commands.Request.Explain;

/// <summary>
/// <c>latchkey request explain [&lt;file&gt;|-] (--options &lt;file&gt; | --options-json &lt;json&gt;) [--now &lt;unix-ms&gt;] [--json] [--batch]</c>:
/// answers "why is this request signed out?" with the classifier of Latchkey.AspNetCore. The
/// command line is declared here; <see cref="ExplainRunner"/> and <see cref="BatchRunner"/> do the work.
/// </summary>
internal static class RequestExplainCommand
{
    /// <summary>The latest <c>--now</c>: 9999-12-31T23:59:59.999Z in Unix milliseconds.</summary>
    public const long MaxNowMilliseconds = 253_402_300_799_999;

    public static Command Create(CliContext context)
    {
        var input = new Argument<string?>("request")
        {
            Arity = ArgumentArity.ZeroOrOne,
            Description = "A file with the request as JSON {\"method\", \"url\", \"headers\"} (with --batch: JSON Lines). '-' or nothing reads standard input.",
        };
        var optionsFile = new Option<string?>("--options")
        {
            Description = "A file with the app's options as JSON, in the protocol's camelCase names (publishableKey, secretKey, jwtKey, frontendApiUrl, apiUrl, authorizedParties, ...).",
            HelpName = "file",
        };
        var optionsJson = new Option<string?>("--options-json")
        {
            Description = "The app's options as inline JSON, e.g. '{\"publishableKey\":\"pk_test_...\",\"secretKey\":\"sk_test_...\"}'.",
            HelpName = "json",
        };
        var now = new Option<long?>("--now")
        {
            Description = "Classify as of this moment, in Unix milliseconds (e.g. 1767225600000 for 2026-01-01T00:00:00Z). Default: this machine's clock.",
            HelpName = "unix-ms",
            CustomParser = ParseNow,
        };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object instead of text." };
        var batch = new Option<bool>("--batch")
        {
            Description = "Read JSON Lines, each {\"request\", \"options\"?, \"now\"?}, and write one JSON line per input line, in order.",
        };

        var command = new Command("explain", "Classify a request exactly as Latchkey.AspNetCore does, offline: state, reason, what to do, the response headers the app sends, the decoded token.")
        {
            input, optionsFile, optionsJson, now, json, batch,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(optionsFile) is not null && result.GetResult(optionsJson) is not null)
            {
                result.AddError("--options and --options-json are exclusive: pass one");
            }
        });

        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = new ExplainArguments
            {
                Input = parse.GetValue(input),
                OptionsFile = parse.GetValue(optionsFile),
                OptionsJson = parse.GetValue(optionsJson),
                NowUnixMilliseconds = parse.GetValue(now),
                Json = parse.GetValue(json),
                Batch = parse.GetValue(batch),
            };
            return arguments.Batch
                ? BatchRunner.RunAsync(arguments, context, cancellationToken)
                : ExplainRunner.RunAsync(arguments, context, cancellationToken);
        });
        return command;
    }

    /// <summary>Whether <paramref name="milliseconds"/> is a moment <c>--now</c> and a batch line's <c>now</c> accept.</summary>
    public static bool IsValidNow(long milliseconds) => milliseconds is >= 0 and <= MaxNowMilliseconds;

    /// <summary>The description of an acceptable moment, for messages.</summary>
    public const string NowHelp = "a whole number of Unix milliseconds from 0 to 253402300799999, e.g. 1767225600000 for 2026-01-01T00:00:00Z";

    private static long? ParseNow(ArgumentResult result)
    {
        string text = result.Tokens[^1].Value;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long ms) && IsValidNow(ms))
        {
            return ms;
        }

        string hint = decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value) && value is > 0 and < 100_000_000_000m
            ? " (this looks like Unix seconds: multiply by 1000)"
            : "";
        result.AddError($"--now: \"{text}\" is not {NowHelp}{hint}");
        return null;
    }
}
