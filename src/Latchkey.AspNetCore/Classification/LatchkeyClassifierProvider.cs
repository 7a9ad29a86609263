using Latchkey.AspNetCore.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.AspNetCore.Classification;

/// <summary>
/// One classifier per scheme, rebuilt when the scheme's options instance changes (configuration
/// reload); the remote key caches live in the <see cref="JwksCacheRegistry"/> and survive it.
/// Every request reads the current map without a lock (it is replaced, never changed, under the
/// lock); building a classifier is rare.
/// </summary>
internal sealed class LatchkeyClassifierProvider(
    IHttpClientFactory httpClientFactory,
    JwksCacheRegistry registry,
    ILoggerFactory loggerFactory,
    TimeProvider time,
    Revocation.RevocationFeedRegistry feeds,
    IServiceProvider services,
    Microsoft.Extensions.Hosting.IHostEnvironment? environment = null)
{
    /// <summary>Whether the host runs in the Development environment (debug headers default on); false without a host.</summary>
    public bool IsDevelopment { get; } = environment is not null && Microsoft.Extensions.Hosting.HostEnvironmentEnvExtensions.IsDevelopment(environment);

    private readonly Lock _gate = new();
    private volatile Dictionary<string, (LatchkeyAuthenticationOptions Options, ClassifierEntry Entry)> _entries = new(StringComparer.Ordinal);

    public ClassifierEntry Get(string scheme, LatchkeyAuthenticationOptions options)
    {
        // Every request asks with the scheme's current options instance: the entry made for it is
        // kept on it, so the common case reads one field instead of the table.
        if (options.Classifier is { } slot && ReferenceEquals(slot.Provider, this) && string.Equals(slot.Scheme, scheme, StringComparison.Ordinal))
        {
            return slot.Entry;
        }

        if (_entries.TryGetValue(scheme, out var current) && ReferenceEquals(current.Options, options))
        {
            options.Classifier = new ClassifierSlot(this, scheme, current.Entry);
            return current.Entry;
        }

        lock (_gate)
        {
            if (_entries.TryGetValue(scheme, out var existing) && ReferenceEquals(existing.Options, options))
            {
                options.Classifier = new ClassifierSlot(this, scheme, existing.Entry);
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
            _entries = new Dictionary<string, (LatchkeyAuthenticationOptions Options, ClassifierEntry Entry)>(_entries, StringComparer.Ordinal)
            {
                [scheme] = (options, entry),
            };
            options.Classifier = new ClassifierSlot(this, scheme, entry);
            return entry;
        }
    }
}

/// <summary>The classifier a provider made for one scheme's options instance, kept on that instance.</summary>
internal sealed record ClassifierSlot(LatchkeyClassifierProvider Provider, string Scheme, ClassifierEntry Entry);
