using System.Text.Encodings.Web;
using Latchkey.AspNetCore.Classification;
using Latchkey.AspNetCore.Internal;
using Latchkey.AspNetCore.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latchkey.AspNetCore.Authentication;

/// <summary>
/// The Latchkey scheme: classifies each request once (signed-in, signed-out, handshake), answers
/// the handshake and development clean-up redirects itself while authenticating (an
/// <see cref="IAuthenticationRequestHandler"/>), and maps the states onto ASP.NET Core's results.
/// </summary>
internal sealed partial class LatchkeyAuthenticationHandler : AuthenticationHandler<LatchkeyAuthenticationOptions>, IAuthenticationRequestHandler
{
    private readonly LatchkeyClassifierProvider _provider;
    private readonly IHostEnvironment? _environment;
    private Entry? _entry;

    public LatchkeyAuthenticationHandler(
        IOptionsMonitor<LatchkeyAuthenticationOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        LatchkeyClassifierProvider provider,
        IHostEnvironment? environment = null)
        : base(options, logger, encoder)
    {
        _provider = provider;
        _environment = environment;
    }

    private new LatchkeyEvents Events => (LatchkeyEvents)base.Events!;

    protected override Task<object> CreateEventsAsync() => Task.FromResult<object>(new LatchkeyEvents());

    private bool DebugHeaders => Options.DebugHeaders ?? _environment?.IsDevelopment() ?? false;

    /// <summary>The per-request classification (one per handler instance, i.e. per request and scheme).</summary>
    private sealed class Entry(LatchkeyRequestState state, ClassifierEntry classifier)
    {
        public LatchkeyRequestState State { get; } = state;

        public ClassifierEntry Classifier { get; } = classifier;

        public bool HeadersWritten { get; set; }

        public bool Redirected { get; set; }
    }

    private async ValueTask<Entry> GetEntryAsync()
    {
        if (_entry is not null)
        {
            return _entry;
        }

        var classifier = _provider.Get(Scheme.Name, Options);
        var request = DescribeRequest(Request);
        var now = CoarseSystemClock.GetUtcNow(TimeProvider);
        // No token passed: the classifier reads RequestAborted from the request only if it makes a
        // network call (a networkless signed-in request never does).
        var state = await classifier.Classifier.ClassifyAsync(request, now, CancellationToken.None).ConfigureAwait(false);
        _entry = new Entry(state, classifier);
        return _entry;
    }

    /// <summary>
    /// The request as the classifier sees it. The URL comes from <c>Request.Scheme</c> and
    /// <c>Request.Host</c>: forwarded headers count only after ASP.NET Core's forwarded-headers
    /// middleware (configured with the known proxies) has applied them. The description reads the
    /// request lazily (no URL is built unless a check needs it).
    /// </summary>
    internal static LatchkeyRequestDescription DescribeRequest(HttpRequest request) => new(request);

    /// <summary>Answers the handshake 307 and the development clean-up redirect while authenticating.</summary>
    public async Task<bool> HandleRequestAsync()
    {
        var entry = await GetEntryAsync().ConfigureAwait(false);
        // Most states have no redirect: decided before making the endpoint check's delegate.
        if (entry.State.Location is null || !ResponseRules.ShouldRedirect(entry.State, Options.HandshakeMode, IsProtectedEndpoint))
        {
            WriteStateHeaders(entry, redirect: false);
            return false;
        }

        return await RedirectAsync(entry).ConfigureAwait(false);
    }

    private bool IsProtectedEndpoint()
    {
        var endpoint = Context.GetEndpoint();
        return endpoint?.Metadata.GetMetadata<IAuthorizeData>() is not null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
    }

    private async Task<bool> RedirectAsync(Entry entry)
    {
        if (Response.HasStarted)
        {
            return false;
        }

        var context = new LatchkeyHandshakeContext(Context, Scheme, Options, entry.State);
        await Events.Handshake(context).ConfigureAwait(false);
        if (context.Result is { Handled: true })
        {
            return true;
        }

        if (context.Result is { Skipped: true })
        {
            WriteStateHeaders(entry, redirect: false);
            return false;
        }

        Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        WriteStateHeaders(entry, redirect: true);
        entry.Redirected = true;
        Log.Redirected(Logger, entry.State.StatusText, entry.State.Reason ?? "-");
        return true;
    }

    /// <summary>Writes the state's headers once, as <see cref="ResponseRules.ShouldWrite"/> says.</summary>
    private void WriteStateHeaders(Entry entry, bool redirect)
    {
        if (entry.HeadersWritten || Response.HasStarted)
        {
            return;
        }

        entry.HeadersWritten = true;
        var handshake = entry.State.Status == LatchkeyAuthStatus.Handshake;
        foreach (var (name, value) in entry.State.Headers)
        {
            if (ResponseRules.ShouldWrite(name, handshake, redirect, DebugHeaders))
            {
                Response.Headers.Append(name, value);
            }
        }
    }
}
