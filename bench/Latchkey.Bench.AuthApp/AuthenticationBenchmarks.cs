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
        Expect(DictionaryCookie().GetAwaiter().GetResult(), true, nameof(DictionaryCookie));
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
    public Task<bool> DictionaryCookie() => _dictionary.AuthenticateAsync("Cookie", _material.CookieHeader);

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

    /// <summary>
    /// Calls the benchmark methods named (comma-separated) for <paramref name="duration"/>,
    /// alternating between them every 2,000 calls so that a change in the machine's load falls on
    /// all of them alike: a steady load to profile, and per-call times whose ratios hold on a
    /// shared machine.
    /// </summary>
    /// <returns>Per method: the calls made, the nanoseconds per call and the bytes allocated per call.</returns>
    internal static IReadOnlyList<(string Name, long Calls, double NsPerCall, long BytesPerCall)> Loop(string benchmarks, TimeSpan duration, AllocationSampler? sampler = null)
    {
        var instance = new AuthenticationBenchmarks();
        instance.Setup();
        var names = benchmarks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var calls = names.Select(n => (typeof(AuthenticationBenchmarks).GetMethod(n) ?? throw new ArgumentException($"no benchmark {n}")).CreateDelegate<Func<Task<bool>>>(instance)).ToArray();
        var ticks = new long[names.Length];
        var bytes = new long[names.Length];
        var counts = new long[names.Length];
        foreach (var call in calls)
        {
            call().GetAwaiter().GetResult();
        }

        sampler?.Start();
        var total = System.Diagnostics.Stopwatch.StartNew();
        while (total.Elapsed < duration)
        {
            for (var m = 0; m < calls.Length; m++)
            {
                var call = calls[m];
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                for (var i = 0; i < 2000; i++)
                {
                    call().GetAwaiter().GetResult();
                }

                ticks[m] += System.Diagnostics.Stopwatch.GetTimestamp() - start;
                bytes[m] += GC.GetAllocatedBytesForCurrentThread() - allocated;
                counts[m] += 2000;
            }
        }

        sampler?.Stop();
        instance.Cleanup();
        return names.Select((n, m) => (n, counts[m], ticks[m] * 1e9 / System.Diagnostics.Stopwatch.Frequency / counts[m], bytes[m] / counts[m])).ToList();
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
