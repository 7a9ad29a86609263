namespace Latchkey.Cli.Infrastructure;

/// <summary>
/// What a command may touch outside itself: the standard streams, the clock and the HTTP
/// settings. The real tool uses the process console and the system clock; tests pass captured
/// writers, an input stream and a fixed clock, and run the same code.
/// </summary>
internal sealed class CliContext
{
    /// <summary>The time-out of one HTTP request (e.g. fetching a JWKS): 10 seconds.</summary>
    public static readonly TimeSpan DefaultHttpTimeout = TimeSpan.FromSeconds(10);

    private readonly Func<Stream> _openInput;

    public CliContext(TextWriter output, TextWriter error, Func<Stream> openInput, bool isInputRedirected, TimeProvider? clock = null)
    {
        Output = output;
        Error = error;
        _openInput = openInput;
        IsInputRedirected = isInputRedirected;
        Clock = clock ?? TimeProvider.System;
    }

    /// <summary>Standard output: results (text or JSON).</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error: usage errors, warnings.</summary>
    public TextWriter Error { get; }

    /// <summary>True when standard input is a pipe or a file rather than a terminal.</summary>
    public bool IsInputRedirected { get; }

    /// <summary>The clock used when the user does not name a moment.</summary>
    public TimeProvider Clock { get; }

    /// <summary>The time-out of one HTTP request. Default <see cref="DefaultHttpTimeout"/>.</summary>
    public TimeSpan HttpTimeout { get; init; } = DefaultHttpTimeout;

    /// <summary>Reads an environment variable (e.g. <c>LATCHKEY_SECRET_KEY</c>); tests pass their own. Default: the process environment.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The context of the real process: console streams and the system clock.</summary>
    public static CliContext ForSystemConsole() =>
        new(Console.Out, Console.Error, Console.OpenStandardInput, Console.IsInputRedirected);

    /// <summary>Opens standard input as raw bytes (the caller bounds how much it reads).</summary>
    public Stream OpenInput() => _openInput();

    /// <summary>Creates an HTTP client for one command run: bounded time, no cookies, at most 5 redirects, never from HTTPS to HTTP.</summary>
    public HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            UseCookies = false,
            ConnectTimeout = HttpTimeout,
        };
        var client = new HttpClient(handler, disposeHandler: true) { Timeout = HttpTimeout };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("latchkey-cli/" + (typeof(CliContext).Assembly.GetName().Version?.ToString(3) ?? "0"));
        return client;
    }
}
