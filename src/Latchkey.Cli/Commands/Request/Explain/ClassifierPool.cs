using System.Security.Cryptography;
using System.Text.Json;
using Latchkey.AspNetCore;
using Latchkey.Cli.Infrastructure;
using Latchkey.Tokens;
using Microsoft.Extensions.Options;

namespace Latchkey.Cli.Commands.Request.Explain;

/// <summary>A classifier built from one options object, with what the report says about it.</summary>
/// <param name="Classifier">The package's classifier for these options.</param>
/// <param name="Options">The options (after the command's own settings).</param>
/// <param name="Key">The decoded publishable key (validation guarantees it unless only machine tokens are accepted).</param>
/// <param name="AllowedOrigins">The origins the options name; the only ones the package may call.</param>
internal sealed record ExplainInstance(LatchkeyRequestClassifier Classifier, LatchkeyAuthenticationOptions Options, PublishableKey? Key, IReadOnlySet<string> AllowedOrigins)
{
    /// <summary>The Frontend API URL the package uses (the option, else <c>https://</c> and the key's host).</summary>
    public string? FrontendApiUrl => string.IsNullOrEmpty(Options.FrontendApiUrl)
        ? Key is null ? null : "https://" + Key.FrontendApiHost
        : Options.FrontendApiUrl.TrimEnd('/');

    /// <summary>The Backend API URL the package uses (the option, else the Frontend API's origin).</summary>
    public string? ApiUrl => string.IsNullOrEmpty(Options.ApiUrl)
        ? NetworkRecorder.OriginOf(FrontendApiUrl)
        : Options.ApiUrl;
}

/// <summary>
/// The classifiers of one run, built from options JSON through the package's
/// <see cref="LatchkeyProtocolOptions"/> and validated by the package itself (so the messages are
/// an app's start-up messages). One per distinct options object, so a batch fetches a remote
/// JWKS once; all share one HTTP client whose outermost handler records and guards every call.
/// </summary>
internal sealed class ClassifierPool : IDisposable
{
    /// <summary>The most distinct options objects kept at once in a batch: 32.</summary>
    public const int MaxInstances = 32;

    private readonly CliContext _context;
    private readonly HttpClient _http;
    private readonly Dictionary<string, ExplainInstance> _instances = new(StringComparer.Ordinal);

    public ClassifierPool(CliContext context)
    {
        _context = context;
        var sockets = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = context.HttpTimeout,
        };
        Network = new NetworkRecorder(sockets);
        _http = new HttpClient(Network, disposeHandler: true) { Timeout = context.HttpTimeout };
    }

    public NetworkRecorder Network { get; }

    public PackageLog Log { get; } = new();

    /// <summary>The classifier for <paramref name="json"/>; throws <see cref="InputProblemException"/> (<c>invalid-options</c>) when the options are not valid.</summary>
    /// <param name="json">The options object.</param>
    /// <param name="source">Where the options came from, for messages (e.g. <c>--options options.json</c>).</param>
    public ExplainInstance Get(JsonElement json, string source)
    {
        string key = json.GetRawText();
        if (_instances.TryGetValue(key, out ExplainInstance? existing))
        {
            return existing;
        }

        ExplainInstance instance = Create(json, source);
        if (_instances.Count == MaxInstances)
        {
            _instances.Clear();
        }

        _instances[key] = instance;
        return instance;
    }

    public void Dispose() => _http.Dispose();

    private ExplainInstance Create(JsonElement json, string source)
    {
        if (!LatchkeyProtocolOptions.TryCreate(json, out LatchkeyAuthenticationOptions? options, out IReadOnlyList<string> errors))
        {
            throw new InputProblemException(new InputProblem(InputProblem.InvalidOptions, $"{source}: the options are not valid", errors));
        }

        // The package's own per-call bound, shortened when the tool is given a shorter one.
        if (_context.HttpTimeout < options.BackendApiTimeout)
        {
            options.BackendApiTimeout = _context.HttpTimeout;
        }

        LatchkeyRequestClassifier classifier;
        try
        {
            classifier = new LatchkeyRequestClassifier(options, _http, Log);
        }
        catch (OptionsValidationException e)
        {
            throw new InputProblemException(new InputProblem(InputProblem.InvalidOptions, $"{source}: the options are not valid (as an app would report at start-up)", [.. e.Failures]));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or CryptographicException)
        {
            throw new InputProblemException(new InputProblem(InputProblem.InvalidOptions, $"{source}: the options are not valid: {e.Message}"));
        }

        PublishableKey.TryParse(options.PublishableKey, out PublishableKey? publishableKey);
        var origins = new HashSet<string>(StringComparer.Ordinal);
        foreach (string? url in (string?[])[options.ApiUrl, options.FrontendApiUrl, publishableKey is null ? null : "https://" + publishableKey.FrontendApiHost])
        {
            if (NetworkRecorder.OriginOf(url) is { } origin)
            {
                origins.Add(origin);
            }
        }

        return new ExplainInstance(classifier, options, publishableKey, origins);
    }
}
