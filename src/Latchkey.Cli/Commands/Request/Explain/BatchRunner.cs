using System.Text.Json;
using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Commands.Request.Explain;

/// <summary>
/// Runs <c>latchkey request explain --batch</c>: reads JSON Lines, each
/// <c>{"request", "options"?, "now"?}</c> (options and now fall back to the command line), and
/// writes one JSON line per input line, in order, as soon as it is classified. A line that cannot be
/// used gets an error line (<c>{"line", "error": {"code", "message", "details"}}</c>) and the batch
/// goes on. Blank lines are skipped. Exit code 0 when every line was classified (whatever the
/// states), 1 when at least one line could not be; problems with the command line itself are usage
/// errors (2) before anything is read.
/// </summary>
internal static class BatchRunner
{
    private static readonly string[] Members = ["request", "options", "now"];

    public static async Task<int> RunAsync(ExplainArguments arguments, CliContext context, CancellationToken cancellationToken)
    {
        using var pool = new ClassifierPool(context);
        ExplainInstance? defaultInstance = null;
        if (arguments.HasOptions)
        {
            JsonElement options = ExplainRunner.Usage(await ExplainRunner.LoadOptionsAsync(arguments, cancellationToken));
            defaultInstance = ExplainRunner.Usage(() => pool.Get(options, arguments.OptionsSource));
        }

        // One moment for the whole batch when neither the line nor --now names one.
        (DateTimeOffset defaultNow, string defaultNowSource) = await ExplainRunner.NowAsync(arguments, context);
        await using Stream input = BoundedInput.Open(arguments.Input, context, "the JSON Lines");
        var reader = new JsonLineReader(input, RequestDocument.MaxBytes);
        bool anyError = false;
        int number = 0;
        while (await reader.ReadAsync(++number, cancellationToken) is { } line)
        {
            string output;
            try
            {
                if (line.Bytes is { } bytes && IsBlank(bytes))
                {
                    continue;
                }

                (RequestDocument request, ExplainInstance instance, DateTimeOffset now, string nowSource) =
                    ReadLine(line, pool, defaultInstance, defaultNow, defaultNowSource);
                Explanation explanation = await Explanation.CreateAsync(request, instance, pool, now, nowSource, cancellationToken);
                output = ExplainJsonWriter.Write(explanation, line.Number);
            }
            catch (InputProblemException e)
            {
                anyError = true;
                output = ExplainJsonWriter.WriteError(line.Number, e.Problem);
            }

            await context.Output.WriteAsync(output.AsMemory(), cancellationToken);
            await context.Output.FlushAsync(cancellationToken);
        }

        return anyError ? ExitCodes.Rejected : ExitCodes.Ok;
    }

    private static (RequestDocument Request, ExplainInstance Instance, DateTimeOffset Now, string NowSource) ReadLine(
        JsonLineReader.Line line, ClassifierPool pool, ExplainInstance? defaultInstance, DateTimeOffset defaultNow, string defaultNowSource)
    {
        if (line.Bytes is not { } bytes)
        {
            throw new InputProblemException(new InputProblem(InputProblem.LineTooLong, $"the line is longer than {RequestDocument.MaxBytes:N0} bytes; it was skipped"));
        }

        if (!JsonInput.TryParse(bytes, "the line", out JsonElement json, out InputProblem? problem))
        {
            throw new InputProblemException(problem!);
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"the line must be a JSON object {{\"request\", \"options\", \"now\"}}, not {JsonInput.Kind(json)}");
        }

        JsonElement? request = null, options = null, nowValue = null;
        foreach (JsonProperty member in json.EnumerateObject())
        {
            switch (member.Name)
            {
                case "request": request = member.Value; break;
                case "options": options = member.Value.ValueKind == JsonValueKind.Null ? null : member.Value; break;
                case "now": nowValue = member.Value.ValueKind == JsonValueKind.Null ? null : member.Value; break;
                default:
                    throw Invalid($"unknown member \"{(member.Name.Length <= 64 ? member.Name : member.Name[..64] + "...")}\" in the line; the accepted names are {string.Join(", ", Members)}");
            }
        }

        if (request is not { } requestJson)
        {
            throw Invalid("the line has no \"request\"");
        }

        ExplainInstance instance = options is { } optionsJson
            ? pool.Get(optionsJson, "the line's options")
            : defaultInstance ?? throw new InputProblemException(new InputProblem(InputProblem.InvalidOptions,
                "the line has no \"options\" and the command line has none (--options or --options-json)"));
        RequestDocument document = RequestDocument.From(requestJson);

        if (nowValue is not { } nowJson)
        {
            return (document, instance, defaultNow, defaultNowSource);
        }

        if (nowJson.ValueKind != JsonValueKind.Number || !nowJson.TryGetInt64(out long ms) || !RequestExplainCommand.IsValidNow(ms))
        {
            throw new InputProblemException(new InputProblem(InputProblem.InvalidNow, $"\"now\" must be {RequestExplainCommand.NowHelp}"));
        }

        return (document, instance, DateTimeOffset.FromUnixTimeMilliseconds(ms), "line");
    }

    private static bool IsBlank(byte[] bytes) => bytes.AsSpan().Trim(" \t\r"u8).IsEmpty;

    private static InputProblemException Invalid(string message) => new(new InputProblem(InputProblem.InvalidLine, message));
}
