using Latchkey.AspNetCore.Keys;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.AspNetCore;

/// <summary>
/// The request classifier as a standalone object, for tools (<c>latchkey request explain</c>) and
/// tests: exactly the code the authentication handler runs, fed a request description and a
/// moment. Network calls go only to the configured API URL, and only when a case needs them
/// (remote JWKS, handshake nonce, refresh, opaque machine tokens).
/// </summary>
/// <example>
/// <code>
/// var classifier = new LatchkeyRequestClassifier(new LatchkeyAuthenticationOptions
/// {
///     PublishableKey = "pk_test_...", SecretKey = "sk_test_...", JwtKey = pem,
/// });
/// var state = await classifier.ClassifyAsync(
///     new LatchkeyRequestDescription("GET", new Uri("http://127.0.0.1:5200/"), headers),
///     DateTimeOffset.FromUnixTimeMilliseconds(1700000000000));
/// Console.WriteLine($"{state.StatusText} {state.Reason}");
/// </code>
/// </example>
public sealed class LatchkeyRequestClassifier
{
    private readonly Classification.ClassifierEntry _entry;

    /// <summary>Creates a classifier; the options are validated as at start-up.</summary>
    /// <param name="options">The options (as for <c>AddLatchkey</c>).</param>
    /// <param name="httpClient">The client for Backend API calls, or null for a new one.</param>
    /// <param name="loggerFactory">Logging, or null for none.</param>
    /// <param name="revocations">A revocation source, or null.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid; the messages say how to fix them.</exception>
    public LatchkeyRequestClassifier(LatchkeyAuthenticationOptions options, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null, IRevocationSource? revocations = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = httpClient ?? new HttpClient();
        _entry = Classification.ClassifierBuilder.Build(options, () => client, new JwksCacheRegistry(), revocations, loggerFactory ?? NullLoggerFactory.Instance, TimeProvider.System);
    }

    /// <summary>Classifies one request as of <paramref name="now"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="now">The moment to judge at (token times are compared with it).</param>
    /// <param name="cancellationToken">Cancels network calls.</param>
    public Task<LatchkeyRequestState> ClassifyAsync(LatchkeyRequestDescription request, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _entry.Classifier.ClassifyAsync(request, now, cancellationToken).AsTask();
    }
}
