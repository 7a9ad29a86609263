using System.Globalization;
using System.Text;
using System.Text.Json;
using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Commands.Admin;

/// <summary>
/// Plain-text tables for operators: one header row, columns padded to their widest cell, values
/// from the server escaped for the terminal (no control characters reach it), times in UTC.
/// </summary>
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public Table Add(params string?[] cells)
    {
        _rows.Add([.. cells.Select(c => string.IsNullOrEmpty(c) ? "-" : TerminalText.Escape(c))]);
        return this;
    }

    public async Task WriteAsync(TextWriter output)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        await output.WriteLineAsync(Line(headers, widths));
        foreach (var row in _rows)
        {
            await output.WriteLineAsync(Line(row, widths));
        }
    }

    private static string Line(string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            line.Append(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i] + 2));
        }

        return line.ToString().TrimEnd();
    }

    /// <summary>A string member, or null.</summary>
    public static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A Unix-milliseconds member as <c>yyyy-MM-dd HH:mm:ssZ</c>, or null.</summary>
    public static string? Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : null;

    /// <summary>A boolean member as <c>yes</c>/<c>no</c>.</summary>
    public static string YesNo(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True ? "yes" : "no";
}
