using Latchkey.Load.Tests.Driver;
using Xunit.Abstractions;

namespace Latchkey.Load.Tests.Soak;

/// <summary>
/// Token refreshes at a steady rate near capacity with sign-ins, sign-outs and revocations mixed
/// in, against the real server as a child process. Short by default (~20 s steady phase per
/// provider), 10 minutes with <c>LATCHKEY_TEST_LONG=1</c>. Figures go to the test output and to
/// <c>.test-results/load/</c>.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class SoakTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(LoadProvider.Sqlite)]
    [InlineData(LoadProvider.Postgres)]
    public async Task Soak_SteadyRefreshesWithSignInsSignOutsRevocations_NoUnexpectedErrorsAndFlatResources(LoadProvider provider)
    {
        var settings = SoakSettings.Current;
        await using var database = await LoadDatabase.CreateAsync(provider);
        await using var server = await ServerProcess.StartAsync(database, SoakSettings.ServerSettings);

        var report = await new SoakRun(server, settings).RunAsync(provider.ToString());

        var text = report.ToMarkdown();
        output.WriteLine(text);
        await File.WriteAllTextAsync(LoadSettings.FiguresFile("soak-" + provider.ToString().ToLowerInvariant()), text);
        Assert.False(server.HasExited, "the server exited during the soak:\n" + server.Tail);
        Assert.True(report.Counts.GetValueOrDefault("refresh") > settings.Duration.TotalSeconds * 10, "the soak did next to nothing");
        Assert.True(report.Counts.GetValueOrDefault("sign-in") > 0 && report.Counts.GetValueOrDefault("sign-out") > 0 && report.Counts.GetValueOrDefault("revocation") > 0, "the mix lacks an operation");
        Assert.Empty(report.Failures);
    }
}
