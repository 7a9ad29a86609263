using Latchkey.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.Server.Tests.Configuration;

public sealed class RequestDiagnosticsTests
{
    [Theory]
    [InlineData("Default=Information;Microsoft.AspNetCore=Warning", true)]
    [InlineData("Default=Warning", true)]
    [InlineData("Default=Information;Microsoft=Error", true)]
    [InlineData("Default=Information;Microsoft.AspNetCore=None", true)]
    [InlineData("Default=Information;Microsoft.AspNetCore=Information", false)]
    [InlineData("Default=Warning;Microsoft.AspNetCore.Hosting=Debug", false)]
    [InlineData("Default=Information;Microsoft.AspNetCore=Warning;Microsoft.AspNetCore.Hosting.Diagnostics=Warning", false)]
    [InlineData("", false)]
    public void RequestLogsOff_LogLevels_TrueOnlyWhenNoRequestWouldBeLogged(string levels, bool expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(levels.Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('='))
                .Select(pair => KeyValuePair.Create("Logging:LogLevel:" + pair[0], (string?)pair[1])))
            .Build();

        Assert.Equal(expected, RequestDiagnostics.RequestLogsOff(configuration));
    }

    [Fact]
    public async Task Build_DefaultLogLevels_HostingDiagnosticsCategoryIsOff()
    {
        await using var app = LatchkeyServerHost.Build(["--Logging:LogLevel:Default=Information", "--Logging:LogLevel:Microsoft.AspNetCore=Warning"]);

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(RequestDiagnostics.Category);

        Assert.False(logger.IsEnabled(LogLevel.Critical));
        Assert.True(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public async Task Build_RequestLoggingRequested_HostingDiagnosticsCategoryStaysOn()
    {
        await using var app = LatchkeyServerHost.Build(["--Logging:LogLevel:Default=Information", "--Logging:LogLevel:Microsoft.AspNetCore=Information"]);

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(RequestDiagnostics.Category);

        Assert.True(logger.IsEnabled(LogLevel.Information));
    }
}
