using Latchkey.Cli.Infrastructure;
using Latchkey.Tokens;

namespace Latchkey.Cli.Commands.Token.Verify;

/// <summary>
/// Runs <c>latchkey token verify</c>: builds the verifier options, reads the token, loads the
/// keys, freezes the judging moment once (so the verdict and the report agree to the
/// millisecond), verifies with <see cref="TokenVerifier"/> and writes the report. Exit code 0
/// when valid, 1 when rejected; usage problems surface as <see cref="CliUsageException"/>.
/// </summary>
internal static class TokenVerifyRunner
{
    public static async Task<int> RunAsync(TokenVerifyRequest request, CliContext context, CancellationToken cancellationToken)
    {
        TokenValidationOptions options = request.ToValidationOptions();
        TokenInput input = await TokenInput.ReadAsync(request.TokenArgument, context, cancellationToken);
        LoadedKeys keys = await KeyLoader.LoadAsync(request, context, cancellationToken);

        DateTimeOffset now = request.NowUnixMilliseconds is { } ms
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : context.Clock.GetUtcNow();
        TokenVerifier verifier;
        try
        {
            verifier = new TokenVerifier(options, new FixedTimeProvider(now));
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException(e.Message, e);
        }

        TokenVerificationResult result = verifier.Verify(input.Token, keys.Set);
        var report = VerifyReport.Create(result, request, keys, input, now);
        string output = request.Json ? JsonReportWriter.Write(report) : TextReportWriter.Write(report);
        await context.Output.WriteAsync(output.AsMemory(), cancellationToken);
        await context.Output.FlushAsync(cancellationToken);
        return result.IsValid ? ExitCodes.Ok : ExitCodes.Rejected;
    }
}
