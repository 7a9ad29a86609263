using System.Net;

namespace Latchkey.Cli.Commands.Request.Explain;

/// <summary>One HTTP call the package made while classifying: where, and what came back.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Url">The URL called.</param>
/// <param name="Status">The status code of the answer, or null when there was none.</param>
/// <param name="Outcome">A short description: <c>200 OK</c>, a redirect that was not followed, <c>failed: ...</c>, <c>refused: ...</c>.</param>
internal sealed record NetworkCall(string Method, string Url, int? Status, string Outcome);

/// <summary>
/// The outermost HTTP handler of <c>request explain</c>: records every call the package makes so
/// the output can say which calls happened, and refuses any call to an origin the options do not
/// name (the API URL, the Frontend API URL, the publishable key's host). Redirects are not
/// followed: a call goes only where the package sent it.
/// </summary>
internal sealed class NetworkRecorder : DelegatingHandler
{
    private readonly Lock _gate = new();
    private readonly List<NetworkCall> _calls = [];

    public NetworkRecorder(HttpMessageHandler inner)
        : base(inner)
    {
    }

    /// <summary>The origins calls may go to (<c>scheme://host[:port]</c>, lower case), set before each classification.</summary>
    public IReadOnlySet<string> AllowedOrigins { get; set; } = new HashSet<string>();

    /// <summary>Returns the calls recorded since the last take, and forgets them.</summary>
    public IReadOnlyList<NetworkCall> Take()
    {
        lock (_gate)
        {
            NetworkCall[] calls = [.. _calls];
            _calls.Clear();
            return calls;
        }
    }

    /// <summary>The origin of a URL as compared with <see cref="AllowedOrigins"/>.</summary>
    public static string? OriginOf(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant()
            : null;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string method = request.Method.Method;
        string url = request.RequestUri?.AbsoluteUri ?? "";
        if (OriginOf(url) is not { } origin || !AllowedOrigins.Contains(origin))
        {
            Record(new NetworkCall(method, url, null, "refused by latchkey: not an origin the options name"));
            throw new HttpRequestException("latchkey request explain calls only the configured API URL");
        }

        try
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            int status = (int)response.StatusCode;
            string outcome = $"{status} {response.ReasonPhrase}".TrimEnd();
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                outcome += $", a redirect to {location} that was not followed";
            }

            Record(new NetworkCall(method, url, status, outcome));
            return response;
        }
        catch (HttpRequestException e)
        {
            Record(new NetworkCall(method, url, null, "failed: " + Describe(e)));
            throw;
        }
        catch (OperationCanceledException)
        {
            Record(new NetworkCall(method, url, null, "failed: no answer in time"));
            throw;
        }
    }

    private void Record(NetworkCall call)
    {
        lock (_gate)
        {
            _calls.Add(call);
        }
    }

    private static string Describe(HttpRequestException e) => e.HttpRequestError switch
    {
        HttpRequestError.ConnectionError => "cannot connect (" + (e.InnerException?.Message ?? e.Message) + ")",
        HttpRequestError.NameResolutionError => "the host name does not resolve",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed",
        _ => e.Message,
    };
}
