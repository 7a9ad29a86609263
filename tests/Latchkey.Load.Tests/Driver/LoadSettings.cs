namespace Latchkey.Load.Tests.Driver;

/// <summary>
/// Short or long: <c>LATCHKEY_TEST_LONG=1</c> (<c>./test.sh --long</c>) selects the long
/// durations and counts of the same tests; anything else the short ones.
/// </summary>
public static class LoadSettings
{
    public static bool Long => Environment.GetEnvironmentVariable("LATCHKEY_TEST_LONG") == "1";

    /// <summary>Where each test writes its figures (besides the test output): <c>.test-results/load/</c>.</summary>
    public static string FiguresFile(string name)
    {
        var folder = Path.Combine(ServerProcess.RepositoryRoot(), ".test-results", "load");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + (Long ? ".long" : ".short") + ".md");
    }
}
