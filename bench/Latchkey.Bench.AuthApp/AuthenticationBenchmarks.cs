using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;

namespace Latchkey.Bench.AuthApp;

/// <summary>
/// The authentication step of one request, in process (no sockets): ASP.NET Core's
/// <see cref="AuthenticationMiddleware"/> over a fresh <see cref="DefaultHttpContext"/> and a
/// request scope, with the same scheme registrations as the HTTP benchmark app. It isolates what
/// the HTTP figures cannot: the time and the bytes allocated per request by each handler, on
/// success and on failure inputs.
/// </summary>
[MemoryDiagnoser]
public class AuthenticationBenchmarks
{
    private BenchMaterial _material = null!;
    private Pipeline _dictionary = null!;
    private Pipeline _latchkey = null!;
    private Pipeline _jwtBearer = null!;
    private string _bearer = null!;
    private string _tamperedBearer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _material = BenchMaterial.Create(TimeSpan.FromHours(2));
        _dictionary = new Pipeline(BenchMode.Dictionary, _material);
        _latchkey = new Pipeline(BenchMode.LatchkeyBearer, _material);
        _jwtBearer = new Pipeline(BenchMode.JwtBearer, _material);
        _bearer = "Bearer " + _material.Token;
        var signature = _material.Token[(_material.Token.LastIndexOf('.') + 1)..];
        _tamperedBearer = "Bearer " + _material.Token[..(_material.Token.LastIndexOf('.') + 1)] + (signature[0] == 'A' ? 'B' : 'A') + signature[1..];

        // Fast but wrong would be worthless: every success case must sign in, every failure must not.
        Expect(Dictionary().GetAwaiter().GetResult(), true, nameof(Dictionary));
        Expect(LatchkeyCookie().GetAwaiter().GetResult(), true, nameof(LatchkeyCookie));
        Expect(LatchkeyBearer().GetAwaiter().GetResult(), true, nameof(LatchkeyBearer));
        Expect(JwtBearer().GetAwaiter().GetResult(), true, nameof(JwtBearer));
        Expect(LatchkeyNoCredential().GetAwaiter().GetResult(), false, nameof(LatchkeyNoCredential));
        Expect(LatchkeyBadSignature().GetAwaiter().GetResult(), false, nameof(LatchkeyBadSignature));
        Expect(JwtBearerBadSignature().GetAwaiter().GetResult(), false, nameof(JwtBearerBadSignature));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _dictionary.Dispose();
        _latchkey.Dispose();
        _jwtBearer.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<bool> Dictionary() => _dictionary.AuthenticateAsync("Authorization", _bearer);

    [Benchmark]
    public Task<bool> LatchkeyCookie() => _latchkey.AuthenticateAsync("Cookie", _material.CookieHeader);

    [Benchmark]
    public Task<bool> LatchkeyBearer() => _latchkey.AuthenticateAsync("Authorization", _bearer);

    [Benchmark]
    public Task<bool> JwtBearer() => _jwtBearer.AuthenticateAsync("Authorization", _bearer);

    [Benchmark]
    public Task<bool> LatchkeyNoCredential() => _latchkey.AuthenticateAsync(null, null);

    [Benchmark]
    public Task<bool> LatchkeyBadSignature() => _latchkey.AuthenticateAsync("Authorization", _tamperedBearer);

    [Benchmark]
    public Task<bool> JwtBearerBadSignature() => _jwtBearer.AuthenticateAsync("Authorization", _tamperedBearer);

    /// <summary>Calls one benchmark method (by name) for <paramref name="duration"/>: a steady load to profile.</summary>
    /// <returns>The calls made and the bytes this thread allocated while making them.</returns>
    internal static (long Calls, long Bytes) Loop(string benchmark, TimeSpan duration, AllocationSampler? sampler = null)
    {
        var benchmarks = new AuthenticationBenchmarks();
        benchmarks.Setup();
        var method = typeof(AuthenticationBenchmarks).GetMethod(benchmark) ?? throw new ArgumentException($"no benchmark {benchmark}");
        var call = method.CreateDelegate<Func<Task<bool>>>(benchmarks);
        call().GetAwaiter().GetResult();
        sampler?.Start();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        long calls = 0;
        while (watch.Elapsed < duration)
        {
            for (var i = 0; i < 1000; i++)
            {
                call().GetAwaiter().GetResult();
            }

            calls += 1000;
        }

        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        sampler?.Stop();
        benchmarks.Cleanup();
        return (calls, bytes);
    }

    private static void Expect(bool actual, bool expected, string name)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{name}: signed in = {actual}, expected {expected}");
        }
    }

    /// <summary>One mode's services and its authentication middleware.</summary>
    private sealed class Pipeline : IDisposable
    {
        private readonly ServiceProvider _services;
        private readonly IServiceScopeFactory _scopes;
        private readonly AuthenticationMiddleware _middleware;

        public Pipeline(BenchMode mode, BenchMaterial material)
        {
            var services = new ServiceCollection();
            services.AddLogging();
            BenchApp.AddModeServices(services, mode, material);
            _services = services.BuildServiceProvider();
            _scopes = _services.GetRequiredService<IServiceScopeFactory>();
            _middleware = new AuthenticationMiddleware(_ => Task.CompletedTask, _services.GetRequiredService<IAuthenticationSchemeProvider>());
        }

        public async Task<bool> AuthenticateAsync(string? header, string? value)
        {
            await using var scope = _scopes.CreateAsyncScope();
            var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            context.Request.Method = HttpMethods.Get;
            context.Request.Scheme = "http";
            context.Request.Host = new HostString("127.0.0.1", 5000);
            context.Request.Path = BenchApp.Path;
            if (header is not null)
            {
                context.Request.Headers[header] = value;
            }

            await _middleware.Invoke(context);
            return context.User.Identity?.IsAuthenticated == true;
        }

        public void Dispose() => _services.Dispose();
    }
}
