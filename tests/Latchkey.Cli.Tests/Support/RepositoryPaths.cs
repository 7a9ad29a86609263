namespace Latchkey.Cli.Tests.Support;

/// <summary>Finds the repository root (the folder holding Latchkey.slnx) from the test assembly.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Latchkey.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"Could not find Latchkey.slnx above {AppContext.BaseDirectory}.");
    }
}
