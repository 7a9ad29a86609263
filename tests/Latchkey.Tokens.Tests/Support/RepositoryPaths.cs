namespace Latchkey.Tokens.Tests.Support;

/// <summary>Finds the repository root (the folder holding Latchkey.slnx) from the test assembly.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The shared folder beside the checkout (../shared relative to the repository root).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Latchkey.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException(
            $"Could not find Latchkey.slnx above {AppContext.BaseDirectory}; run the tests from the repository checkout.");
    }
}
