using Latchkey.AspNetCore;
using Latchkey.Cli.Diagnostics;

namespace Latchkey.Cli.Commands.Request.Explain;

/// <summary>
/// Everything <c>latchkey request explain</c> says about one request, gathered once and written as
/// text (<see cref="ExplainTextWriter"/>) or JSON (<see cref="ExplainJsonWriter"/>). The state comes
/// from the package's classifier, the response from the package's own response rules; the rest
/// (credentials, cookies, calls, log) explains them.
/// </summary>
internal sealed class Explanation
{
    public required RequestDocument Request { get; init; }

    public required ExplainInstance Instance { get; init; }

    public required LatchkeyRequestState State { get; init; }

    /// <summary>The handler's answer on an endpoint that requires authorization.</summary>
    public required LatchkeyResponseDescription Response { get; init; }

    /// <summary>The judging moment.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Where <see cref="Now"/> came from: <c>option</c> (<c>--now</c>), <c>line</c> (a batch line's <c>now</c>) or <c>clock</c>.</summary>
    public required string NowSource { get; init; }

    public required IReadOnlyList<NetworkCall> Network { get; init; }

    public required IReadOnlyList<LogLine> Log { get; init; }

    public required IReadOnlyList<CredentialView> Credentials { get; init; }

    /// <summary>The first <see cref="RequestCredentials.MaxCookiesListed"/> cookies.</summary>
    public required IReadOnlyList<CookieFact> Cookies { get; init; }

    /// <summary>How many cookies the request has.</summary>
    public required int CookieCount { get; init; }

    /// <summary>Whether application code sees a signed-in user (the exit code is 0 exactly then).</summary>
    public bool SignedIn => Response.IsSignedIn;

    /// <summary>The reason the app sees: the state's, or <c>session-pending</c>; null when signed in.</summary>
    public string? Reason => Response.Reason;

    public ReasonGuide? Guide => Reason is { } reason ? ReasonGuide.For(reason) : null;

    /// <summary>For a refusal about time, the clock offset the judged token measures; null otherwise.</summary>
    public ClockReading? Clock => ClockReading.From(State.Reason, Credentials.FirstOrDefault(c => c.Times.Count > 0)?.Times ?? [], Instance.Options.ClockSkew);

    /// <summary>Whether the request is a GET page navigation, the only kind ever redirected (protocol §5.8).</summary>
    public bool IsNavigation =>
        Request.Description.Method == "GET"
        && (Request.Description.GetHeader("Sec-Fetch-Dest") is "document" or "iframe"
            || (Request.Description.GetHeader("Sec-Fetch-Dest") is null
                && Request.Description.GetHeader("Accept")?.StartsWith("text/html", StringComparison.Ordinal) == true));

    /// <summary>Whether the options' DebugHeaders is unset, so x-clerk-auth-* are shown as a Development app sends them.</summary>
    public bool DebugHeadersAssumed => Instance.Options.DebugHeaders is null;

    /// <summary>Classifies <paramref name="request"/> with <paramref name="instance"/> as of <paramref name="now"/> and gathers the report.</summary>
    public static async Task<Explanation> CreateAsync(RequestDocument request, ExplainInstance instance, ClassifierPool pool, DateTimeOffset now, string nowSource, CancellationToken cancellationToken)
    {
        pool.Network.AllowedOrigins = instance.AllowedOrigins;
        pool.Network.Take();
        pool.Log.Take();
        LatchkeyRequestState state = await instance.Classifier.ClassifyAsync(request.Description, now, cancellationToken);
        return new Explanation
        {
            Request = request,
            Instance = instance,
            State = state,
            Response = instance.Classifier.DescribeResponse(state, protectedEndpoint: true, isDevelopment: true),
            Now = now,
            NowSource = nowSource,
            Network = pool.Network.Take(),
            Log = pool.Log.Take(),
            Credentials = RequestCredentials.Find(request, state, now, instance.Options.ClockSkew),
            Cookies = RequestCredentials.Cookies(request),
            CookieCount = RequestCredentials.CountCookies(request),
        };
    }
}
