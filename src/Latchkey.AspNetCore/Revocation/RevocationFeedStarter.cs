using Latchkey.AspNetCore.Authentication;
using Latchkey.AspNetCore.Classification;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Latchkey.AspNetCore.Revocation;

/// <summary>
/// Builds every Latchkey scheme's classifier when the application starts, so that revocation
/// feeds are followed from the start rather than from the first request; stops the followers
/// when the application stops. Start-up does not wait for the feed.
/// </summary>
internal sealed class RevocationFeedStarter(
    IAuthenticationSchemeProvider schemes,
    IOptionsMonitor<LatchkeyAuthenticationOptions> options,
    LatchkeyClassifierProvider classifiers,
    RevocationFeedRegistry registry) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var scheme in await schemes.GetAllSchemesAsync().ConfigureAwait(false))
        {
            if (scheme.HandlerType == typeof(LatchkeyAuthenticationHandler))
            {
                classifiers.Get(scheme.Name, options.Get(scheme.Name));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => registry.DisposeAsync().AsTask();
}
