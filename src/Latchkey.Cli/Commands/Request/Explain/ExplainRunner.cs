using System.Globalization;
using System.Text;
using System.Text.Json;
using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Commands.Request.Explain;

/// <summary>
/// Runs <c>latchkey request explain</c> for one request: reads and checks the options (as an app's
/// start-up would) and the request, fixes the judging moment once, classifies with the package's
/// classifier and writes the explanation. Exit code 0 when the app would see a signed-in user, 1
/// otherwise (signed out, handshake, pending session); input problems are usage errors (2).
/// </summary>
internal static class ExplainRunner
{
    public static async Task<int> RunAsync(ExplainArguments arguments, CliContext context, CancellationToken cancellationToken)
    {
        using var pool = new ClassifierPool(context);
        if (!arguments.HasOptions)
        {
            throw new CliUsageException("no options: pass the app's options with --options <file> or --options-json '<json>' (publishableKey, secretKey, and jwtKey or apiUrl)");
        }

        JsonElement options = Usage(await LoadOptionsAsync(arguments, cancellationToken));
        ExplainInstance instance = Usage(() => pool.Get(options, arguments.OptionsSource));
        byte[] bytes = await BoundedInput.ReadAllAsync(arguments.Input, context, "the request", RequestDocument.MaxBytes, cancellationToken);
        string source = arguments.Input is null or "-" ? "the request on standard input" : "the request in " + arguments.Input;
        RequestDocument request = Usage(() => ParseRequest(bytes, source));

        (DateTimeOffset now, string nowSource) = await NowAsync(arguments, context);
        Explanation explanation = await Explanation.CreateAsync(request, instance, pool, now, nowSource, cancellationToken);
        string output = arguments.Json ? ExplainJsonWriter.Write(explanation) : ExplainTextWriter.Write(explanation);
        await context.Output.WriteAsync(output.AsMemory(), cancellationToken);
        await context.Output.FlushAsync(cancellationToken);
        return explanation.SignedIn ? ExitCodes.Ok : ExitCodes.Rejected;
    }

    /// <summary>Parses a request document; throws <see cref="InputProblemException"/>.</summary>
    public static RequestDocument ParseRequest(ReadOnlySpan<byte> bytes, string source)
    {
        if (!JsonInput.TryParse(bytes, source, out JsonElement json, out InputProblem? problem))
        {
            throw new InputProblemException(problem!);
        }

        try
        {
            return RequestDocument.From(json);
        }
        catch (InputProblemException e)
        {
            throw new InputProblemException(e.Problem with { Message = $"{source}: {e.Problem.Message}" });
        }
    }

    /// <summary>The command line's options as JSON (from the file or the inline text), or the problem with them.</summary>
    public static async Task<Func<JsonElement>> LoadOptionsAsync(ExplainArguments arguments, CancellationToken cancellationToken)
    {
        byte[] bytes = arguments.OptionsFile is { } path
            ? await BoundedInput.ReadFileAsync(path, "--options", RequestDocument.MaxBytes, cancellationToken)
            : Encoding.UTF8.GetBytes(arguments.OptionsJson!);
        if (!JsonInput.TryParse(bytes, arguments.OptionsSource, out JsonElement json, out InputProblem? problem))
        {
            return () => throw new InputProblemException(problem! with { Code = InputProblem.InvalidOptions });
        }

        return () => json;
    }

    /// <summary>The judging moment: <c>--now</c>, else the clock read once; warns when <c>--now</c> looks like seconds.</summary>
    public static async Task<(DateTimeOffset Now, string Source)> NowAsync(ExplainArguments arguments, CliContext context)
    {
        if (arguments.NowUnixMilliseconds is not { } ms)
        {
            return (context.Clock.GetUtcNow(), "clock");
        }

        DateTimeOffset now = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        if (ms < 100_000_000_000)
        {
            await context.Error.WriteLineAsync(
                $"{CliApplication.ToolName}: warning: --now {ms} is {now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}; --now takes milliseconds (Unix seconds × 1000)");
        }

        return (now, "option");
    }

    /// <summary>Runs <paramref name="action"/>, turning an <see cref="InputProblemException"/> into a usage error.</summary>
    public static T Usage<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (InputProblemException e)
        {
            throw new CliUsageException(e.Problem.FullText, e);
        }
    }
}
