using Latchkey.AspNetCore.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.AspNetCore.Classification;

/// <summary>
/// One classifier per scheme, rebuilt when the scheme's options instance changes (configuration
/// reload); the remote key caches live in the <see cref="JwksCacheRegistry"/> and survive it.
/// </summary>
internal sealed class LatchkeyClassifierProvider(
    IHttpClientFactory httpClientFactory,
    JwksCacheRegistry registry,
    ILoggerFactory loggerFactory,
    TimeProvider time,
    Revocation.RevocationFeedRegistry feeds,
    IServiceProvider services)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (LatchkeyAuthenticationOptions Options, ClassifierEntry Entry)> _entries = new(StringComparer.Ordinal);

    public ClassifierEntry Get(string scheme, LatchkeyAuthenticationOptions options)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(scheme, out var existing) && ReferenceEquals(existing.Options, options))
            {
                return existing.Entry;
            }

            var entry = ClassifierBuilder.Build(
                options,
                () => httpClientFactory.CreateClient(LatchkeyDefaults.HttpClientName),
                registry,
                services.GetService<IRevocationSource>(),
                loggerFactory,
                time,
                feeds);
            _entries[scheme] = (options, entry);
            return entry;
        }
    }
}
