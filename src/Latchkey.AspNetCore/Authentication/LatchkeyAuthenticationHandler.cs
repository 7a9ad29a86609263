using System.Text.Encodings.Web;
using Latchkey.AspNetCore.Classification;
using Latchkey.AspNetCore.Internal;
using Latchkey.AspNetCore.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
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

    // The request's classification, made once per handler instance (i.e. per request and scheme),
    // and what the handler has done with it.
    private LatchkeyRequestState? _state;
    private ClassifierEntry? _classifier;
    private bool _headersWritten;
    private bool _redirected;

    public LatchkeyAuthenticationHandler(
        IOptionsMonitor<LatchkeyAuthenticationOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        LatchkeyClassifierProvider provider)
        : base(options, logger, encoder)
    {
        _provider = provider;
    }

    private new LatchkeyEvents Events => (LatchkeyEvents)base.Events!;

    protected override Task<object> CreateEventsAsync() => Task.FromResult<object>(new LatchkeyEvents());

    private bool DebugHeaders => Options.DebugHeaders ?? _provider.IsDevelopment;

    /// <summary>The request's state, classified on first use; synchronous for a known bearer token.</summary>
    private ValueTask<LatchkeyRequestState> GetStateAsync()
    {
        if (_state is not null)
        {
            return new ValueTask<LatchkeyRequestState>(_state);
        }

        _classifier = _provider.Get(Scheme.Name, Options);
        var now = CoarseSystemClock.GetUtcNow(TimeProvider);
        var classifier = _classifier.Classifier;
        var headers = Request.Headers;
        var authorization = headers.Authorization;
        if (authorization.Count == 1 && classifier.TryClassifyKnownBearer(authorization[0], now, out var known))
        {
            _state = known;
            return new ValueTask<LatchkeyRequestState>(known);
        }

        if (authorization.Count == 0 && classifier.ReadsKnownCookies && headers.Cookie is { Count: 1 } cookie && !Request.QueryString.HasValue
            && TryKnownCookie(classifier, cookie[0]!, now, out known))
        {
            _state = known;
            return new ValueTask<LatchkeyRequestState>(known);
        }

        return ClassifyAsync(classifier, now);
    }

    private bool TryKnownCookie(RequestClassifier classifier, string cookie, DateTimeOffset now, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LatchkeyRequestState? state)
    {
        var method = Request.Method;
        var dest = method == HttpMethods.Get ? Request.Headers[Names.Headers.SecFetchDest] : default;
        return classifier.TryClassifyKnownCookie(method, cookie, dest.Count == 1 ? dest[0] : null, dest.Count > 1, now, out state);
    }

    private async ValueTask<LatchkeyRequestState> ClassifyAsync(RequestClassifier classifier, DateTimeOffset now) =>
        // No token passed: the classifier reads RequestAborted from the request only if it makes a
        // network call (a networkless signed-in request never does).
        _state = await classifier.ClassifyAsync(DescribeRequest(Request), now, CancellationToken.None).ConfigureAwait(false);

    /// <summary>
    /// The request as the classifier sees it. The URL comes from <c>Request.Scheme</c> and
    /// <c>Request.Host</c>: forwarded headers count only after ASP.NET Core's forwarded-headers
    /// middleware (configured with the known proxies) has applied them. The description reads the
    /// request lazily (no URL is built unless a check needs it).
    /// </summary>
    internal static LatchkeyRequestDescription DescribeRequest(HttpRequest request) => new(request);

    /// <summary>Answers the handshake 307 and the development clean-up redirect while authenticating.</summary>
    public Task<bool> HandleRequestAsync()
    {
        var pending = GetStateAsync();
        return pending.IsCompletedSuccessfully ? HandleRequest(pending.Result) : HandleRequestLaterAsync(pending);
    }

    private async Task<bool> HandleRequestLaterAsync(ValueTask<LatchkeyRequestState> pending) =>
        await HandleRequest(await pending.ConfigureAwait(false)).ConfigureAwait(false);

    private Task<bool> HandleRequest(LatchkeyRequestState state)
    {
        // Most states have no redirect: decided before making the endpoint check's delegate.
        if (state.Location is null || !ResponseRules.ShouldRedirect(state, Options.HandshakeMode, IsProtectedEndpoint))
        {
            WriteStateHeaders(state, redirect: false);
            return NotHandled;
        }

        return RedirectAsync(state);
    }

    private static readonly Task<bool> NotHandled = Task.FromResult(false);

    private bool IsProtectedEndpoint()
    {
        var endpoint = Context.GetEndpoint();
        return endpoint?.Metadata.GetMetadata<IAuthorizeData>() is not null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
    }

    private async Task<bool> RedirectAsync(LatchkeyRequestState state)
    {
        if (Response.HasStarted)
        {
            return false;
        }

        var context = new LatchkeyHandshakeContext(Context, Scheme, Options, state);
        await Events.Handshake(context).ConfigureAwait(false);
        if (context.Result is { Handled: true })
        {
            return true;
        }

        if (context.Result is { Skipped: true })
        {
            WriteStateHeaders(state, redirect: false);
            return false;
        }

        Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        WriteStateHeaders(state, redirect: true);
        _redirected = true;
        Log.Redirected(Logger, state.StatusText, state.Reason ?? "-");
        return true;
    }

    /// <summary>Writes the state's headers once, as <see cref="ResponseRules.ShouldWrite"/> says.</summary>
    private void WriteStateHeaders(LatchkeyRequestState state, bool redirect)
    {
        if (_headersWritten || Response.HasStarted)
        {
            return;
        }

        _headersWritten = true;
        var handshake = state.Status == LatchkeyAuthStatus.Handshake;
        foreach (var (name, value) in state.Headers)
        {
            if (ResponseRules.ShouldWrite(name, handshake, redirect, DebugHeaders))
            {
                Response.Headers.Append(name, value);
            }
        }
    }
}
