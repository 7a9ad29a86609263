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
    private readonly LatchkeyHandshakeMode _handshakeMode;
    private readonly bool? _debugHeaders;
    private readonly bool _treatPendingAsSignedOut;

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
        _handshakeMode = options.HandshakeMode;
        _debugHeaders = options.DebugHeaders;
        _treatPendingAsSignedOut = options.TreatPendingAsSignedOut;
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

    /// <summary>The decision procedure itself (for tests of its internal entry points).</summary>
    internal Classification.RequestClassifier Core => _entry.Classifier;

    /// <summary>
    /// Describes what the authentication handler answers for <paramref name="state"/> with the
    /// default events, under this classifier's options (<c>HandshakeMode</c>, <c>DebugHeaders</c>,
    /// <c>TreatPendingAsSignedOut</c>): a 307 redirect, a 401 challenge with
    /// <c>WWW-Authenticate</c> on an endpoint that requires authorization, or nothing, and the
    /// headers written. The handler runs the same rules.
    /// </summary>
    /// <param name="state">A state returned by <see cref="ClassifyAsync"/>.</param>
    /// <param name="protectedEndpoint">Whether the endpoint requires authorization (<c>RequireAuthorization</c>, <c>[Authorize]</c>). Default: true.</param>
    /// <param name="isDevelopment">Whether the app runs in the Development environment (debug headers default on there). Default: true.</param>
    public LatchkeyResponseDescription DescribeResponse(LatchkeyRequestState state, bool protectedEndpoint = true, bool isDevelopment = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Authentication.ResponseRules.Describe(state, _handshakeMode, _debugHeaders ?? isDevelopment, _treatPendingAsSignedOut, protectedEndpoint);
    }
}
