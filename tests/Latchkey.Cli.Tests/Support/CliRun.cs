using System.Text.Json;

namespace Latchkey.Cli.Tests.Support;

/// <summary>The outcome of one run of the tool: exit code and both output streams.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Parses stdout as exactly one JSON document (fails the test otherwise).</summary>
    public JsonElement Json()
    {
        using JsonDocument document = JsonDocument.Parse(Stdout, new JsonDocumentOptions { AllowDuplicateProperties = false });
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
