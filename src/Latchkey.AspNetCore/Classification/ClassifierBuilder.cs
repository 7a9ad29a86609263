using Latchkey.AspNetCore.BackendApi;
using Latchkey.AspNetCore.Keys;
using Latchkey.AspNetCore.Options;
using Latchkey.AspNetCore.Revocation;
using Latchkey.AspNetCore.Tokens;
using Latchkey.Tokens;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latchkey.AspNetCore.Classification;

/// <summary>A classifier, the Backend API client it uses (the auth object mints tokens with it) and its revocation feed follower.</summary>
internal sealed record ClassifierEntry(RequestClassifier Classifier, BackendApiClient? Api, RevocationFeedFollower? Feed = null);

/// <summary>Builds a classifier from options: settings, keys (PEM or remote JWKS), token core, Backend API client.</summary>
internal static class ClassifierBuilder
{
    public static ClassifierEntry Build(
        LatchkeyAuthenticationOptions options,
        Func<HttpClient> httpClient,
        JwksCacheRegistry registry,
        IRevocationSource? revocations,
        ILoggerFactory loggerFactory,
        TimeProvider time,
        RevocationFeedRegistry? feeds = null)
    {
        var errors = new List<string>();
        var settings = InstanceSettingsBuilder.TryBuild(options, errors)
            ?? throw new OptionsValidationException(LatchkeyDefaults.AuthenticationScheme, typeof(LatchkeyAuthenticationOptions), errors);
        var logger = loggerFactory.CreateLogger("Latchkey.AspNetCore");

        var api = string.IsNullOrEmpty(settings.SecretKey) && string.IsNullOrEmpty(settings.MachineSecretKey)
            ? null
            : new BackendApiClient(httpClient, settings.ApiUrl, settings.SecretKey, options.BackendApiTimeout);

        VerificationKeySet? pem = null;
        RemoteKeyCache? remote = null;
        if (!string.IsNullOrEmpty(options.JwtKey))
        {
            try
            {
                pem = VerificationKeySet.FromSpkiPem(options.JwtKey);
            }
            catch (FormatException ex)
            {
                throw new OptionsValidationException(LatchkeyDefaults.AuthenticationScheme, typeof(LatchkeyAuthenticationOptions),
                    ["Latchkey:JwtKey is not an acceptable public key: " + ex.Message]);
            }
        }
        else if (!string.IsNullOrEmpty(settings.FrontendApiUrl))
        {
            var jwksApi = api ?? new BackendApiClient(httpClient, settings.ApiUrl, null, options.BackendApiTimeout);
            var frontendApi = new Uri(settings.FrontendApiUrl);
            remote = registry.GetOrAdd(settings.FrontendApiUrl, settings.ApiUrl.AbsoluteUri, settings.SecretKey, () => new RemoteKeyCache(
                jwksApi.HasSecretKey ? jwksApi.GetJwksAsync : ct => jwksApi.GetPublicJwksAsync(frontendApi, ct),
                ParseJwks,
                registry.TimeProvider,
                logger,
                options.JwksCacheDuration,
                options.JwksRefreshCooldown,
                options.JwksFetchAttempts,
                options.JwksRetryDelay));
        }

        var validation = TokenCore.CreateValidationOptions(settings.FrontendApiUrl, options.AuthorizedParties, options.Audience, settings.ClockSkew);
        var tokens = new TokenCore(validation, pem, remote, time);
        // The feed is followed only for schemes built by the application (feeds given), never by
        // the standalone classifier (latchkey request explain makes no calls it does not need).
        RevocationFeedFollower? feed = null;
        if (feeds is not null && api is { HasSecretKey: true } && options.Revocation.IsEnabled(settings.SecretKey))
        {
            feed = feeds.GetOrStart(api, settings.SecretKey!, options.Revocation, settings.ClockSkew);
        }

        var source = (revocations, feed) switch
        {
            (null, _) => feed,
            (_, null) => revocations,
            _ => new EitherRevocationSource(revocations, feed),
        };
        var classifier = new RequestClassifier(settings, tokens, api, options.Audience.ToArray(), options.TreatPendingAsSignedOut, source, logger);
        return new ClassifierEntry(classifier, api, feed);
    }

    private static RemoteKeyCache.KeySetParse ParseJwks(string json)
    {
        try
        {
            var set = VerificationKeySet.FromJwks(json);
            if (set.Keys.Count == 0)
            {
                return new(null, null, Internal.Reasons.JwkRemoteFailedToLoad, "The JWKS endpoint did not contain any usable signing keys.");
            }

            return new(set, kid => kid is not null && set.Keys.Any(k => k.Kid == kid), null, null);
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or ArgumentException)
        {
            return new(null, null, Internal.Reasons.JwkRemoteInvalid, "The JWKS is not a valid JWK Set: " + ex.Message);
        }
    }
}

/// <summary>An application's own revocation source and the feed follower: revoked if either says so.</summary>
internal sealed class EitherRevocationSource(IRevocationSource first, IRevocationSource second) : IRevocationSource
{
    public bool IsRevoked(string sessionId, DateTimeOffset issuedAt) =>
        second.IsRevoked(sessionId, issuedAt) || first.IsRevoked(sessionId, issuedAt);
}
