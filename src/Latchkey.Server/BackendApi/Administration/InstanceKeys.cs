using Latchkey.Server.FrontendApi.Json;
using Latchkey.Server.Instance;
using Latchkey.Server.Keys;

namespace Latchkey.Server.BackendApi.Administration;

/// <summary>Describes the instance's public keys: publishable key, URLs, and the published signing keys with their state.</summary>
internal sealed class InstanceKeys(InstanceIdentity instance, TimeProvider time)
{
    public InstanceKeysJson Describe(SigningKeyStore store)
    {
        var now = time.GetUtcNow();
        var schedule = store.Schedule;
        var current = store.Ring.Current;
        var keys = new List<SigningKeyJson>();
        foreach (var entry in schedule.Entries.OrderByDescending(e => e.ActivatesAt).ThenBy(e => e.Kid, StringComparer.Ordinal))
        {
            var publishedUntil = entry.RetiredAt is { } retired ? retired + store.Retention : (DateTimeOffset?)null;
            string status;
            if (entry.Kid == current.Kid)
            {
                status = "current";
            }
            else if (entry.ActivatesAt > now)
            {
                status = "next";
            }
            else if (publishedUntil is null || publishedUntil > now)
            {
                status = "retired";
            }
            else
            {
                continue;
            }

            keys.Add(new SigningKeyJson(
                entry.Kid,
                entry.Algorithm,
                status,
                JsonMapper.Ms(entry.CreatedAt),
                JsonMapper.Ms(entry.ActivatesAt),
                entry.RetiredAt is { } r ? JsonMapper.Ms(r) : null,
                publishedUntil is { } p ? JsonMapper.Ms(p) : null,
                entry.PublicKey.ExportSpkiPem()));
        }

        return new InstanceKeysJson(
            instance.PublishableKey,
            instance.FrontendApiUrl,
            instance.FrontendApiUrl + "/.well-known/jwks.json",
            instance.IsDevelopment ? "development" : "production",
            current.PublicKey.ExportSpkiPem(),
            keys);
    }
}
