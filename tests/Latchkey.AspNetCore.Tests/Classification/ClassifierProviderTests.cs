using Latchkey.AspNetCore.Classification;
using Latchkey.AspNetCore.Tests.Infrastructure;
using Latchkey.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Latchkey.AspNetCore.Tests.Classification;

/// <summary>
/// One classifier per scheme and options instance: kept on the options instance for the next
/// request, rebuilt for a new instance (configuration reload), never handed to another provider
/// or another scheme name.
/// </summary>
public sealed class ClassifierProviderTests : IDisposable
{
    private const string Scheme = LatchkeyDefaults.AuthenticationScheme;
    private readonly TestIssuer _issuer = new(production: true);

    public void Dispose() => _issuer.Dispose();

    [Fact]
    public void Get_SameOptionsInstance_SameClassifierEveryTime()
    {
        using var services = HandlerPipeline.Services(_issuer);
        var provider = services.GetRequiredService<LatchkeyClassifierProvider>();
        var options = Options(services);

        var first = provider.Get(Scheme, options);

        Assert.Same(first, provider.Get(Scheme, options));
        Assert.Same(first, provider.Get(Scheme, Options(services)));
    }

    [Fact]
    public void Get_NewOptionsInstance_BuildsAnotherClassifier_AndTheOldInstanceKeepsItsOwn()
    {
        using var services = HandlerPipeline.Services(_issuer);
        var provider = services.GetRequiredService<LatchkeyClassifierProvider>();
        var before = Options(services);
        var first = provider.Get(Scheme, before);

        services.GetRequiredService<IOptionsMonitorCache<LatchkeyAuthenticationOptions>>().TryRemove(Scheme);
        var after = Options(services);
        var second = provider.Get(Scheme, after);

        Assert.NotSame(before, after);
        Assert.NotSame(first, second);
        Assert.Same(second, provider.Get(Scheme, after));
        Assert.Same(first, provider.Get(Scheme, before)); // a request that began before the reload stays consistent
        Assert.Same(second, provider.Get(Scheme, after));
    }

    [Fact]
    public void Get_OneOptionsInstanceAskedOfTwoProviders_EachProviderBuildsItsOwn()
    {
        using var one = HandlerPipeline.Services(_issuer);
        using var two = HandlerPipeline.Services(_issuer);
        var options = Options(one);

        var fromOne = one.GetRequiredService<LatchkeyClassifierProvider>().Get(Scheme, options);
        var fromTwo = two.GetRequiredService<LatchkeyClassifierProvider>().Get(Scheme, options);

        Assert.NotSame(fromOne, fromTwo);
        Assert.Same(fromOne, one.GetRequiredService<LatchkeyClassifierProvider>().Get(Scheme, options));
    }

    [Fact]
    public void Get_SameOptionsInstanceUnderAnotherSchemeName_NotGivenTheFirstSchemesClassifier()
    {
        using var services = HandlerPipeline.Services(_issuer);
        var provider = services.GetRequiredService<LatchkeyClassifierProvider>();
        var options = Options(services);

        var first = provider.Get(Scheme, options);
        var other = provider.Get("Other", options);

        Assert.NotSame(first, other);
        Assert.Same(other, provider.Get("Other", options));
    }

    private static LatchkeyAuthenticationOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptionsMonitor<LatchkeyAuthenticationOptions>>().Get(Scheme);
}
