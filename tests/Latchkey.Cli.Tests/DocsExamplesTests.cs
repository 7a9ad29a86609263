using System.Text;
using System.Text.RegularExpressions;
using Latchkey.Cli.Tests.Support;

namespace Latchkey.Cli.Tests;

/// <summary>
/// Replays every <c>console</c> block of <c>docs/cli.md</c> with the built tool, from the
/// repository root, and compares the output exactly: the documented examples cannot rot.
/// </summary>
public partial class DocsExamplesTests
{
    private static readonly string DocPath = Path.Combine(RepositoryPaths.Root, "docs", "cli.md");

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (Match match in ConsoleBlock().Matches(File.ReadAllText(DocPath)))
        {
            data.Add(match.Groups[1].Value);
        }

        return data;
    }

    [Fact]
    public void Docs_HaveReplayableExamples()
    {
        Assert.True(Examples().Count >= 5, "docs/cli.md should keep its worked examples in console blocks");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Docs_ConsoleExample_PrintsWhatTheDocsShow(string block)
    {
        string[] lines = block.Split('\n');
        Assert.StartsWith("$ latchkey ", lines[0]);
        (string[] args, string? stdin) = ParseCommand(lines[0]["$ latchkey ".Length..]);
        string expected = string.Join('\n', lines.Skip(1));

        CliRun run = await ToolProcess.RunAsync(stdin, RepositoryPaths.Root, args);

        Assert.Equal(expected, (run.Stdout + run.Stderr).TrimEnd('\n'));
        Assert.Equal(ExpectedExitCode(args, expected), run.ExitCode);
    }

    /// <summary>The exit code docs/cli.md documents for what the block shows.</summary>
    private static int ExpectedExitCode(string[] args, string output)
    {
        if (output.StartsWith("latchkey:", StringComparison.Ordinal))
        {
            return 2;
        }

        if (args.Contains("--batch"))
        {
            return output.Contains("\"error\":", StringComparison.Ordinal) ? 1 : 0;
        }

        bool yes = output.StartsWith("VALID\n", StringComparison.Ordinal) || output.Contains("\"valid\": true", StringComparison.Ordinal)
            || output.StartsWith("SIGNED-IN\n", StringComparison.Ordinal) || output.Contains("\"signedIn\": true", StringComparison.Ordinal);
        return yes ? 0 : 1;
    }

    /// <summary>The shell subset the examples use: words, double quotes, "$(cat FILE)" and a trailing "&lt; FILE".</summary>
    private static (string[] Args, string? Stdin) ParseCommand(string line)
    {
        var args = new List<string>();
        string? stdin = null;
        var word = new StringBuilder();
        bool quoted = false, inWord = false, redirect = false;
        for (int i = 0; i <= line.Length; i++)
        {
            char c = i < line.Length ? line[i] : ' ';
            if (c == '"')
            {
                quoted = !quoted;
                inWord = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (inWord)
                {
                    string value = Substitute(word.ToString());
                    if (redirect)
                    {
                        stdin = File.ReadAllText(Path.Combine(RepositoryPaths.Root, value));
                        redirect = false;
                    }
                    else
                    {
                        args.Add(value);
                    }
                }

                word.Clear();
                inWord = false;
            }
            else if (c == '<' && !quoted && !inWord)
            {
                redirect = true;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        return ([.. args], stdin);
    }

    private static string Substitute(string word)
    {
        Match cat = Regex.Match(word, @"^\$\(cat ([^)]+)\)$");
        return cat.Success ? File.ReadAllText(Path.Combine(RepositoryPaths.Root, cat.Groups[1].Value)).TrimEnd('\n') : word;
    }

    [GeneratedRegex("```console\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex ConsoleBlock();
}
