using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Latchkey.Bench.Server;

/// <summary>
/// The reference of the server benchmark: raw <see cref="RSA.SignData(byte[], HashAlgorithmName, RSASignaturePadding)"/>
/// with RSA-2048, SHA-256 and PKCS#1 v1.5 (RS256), on one thread, over a 560-byte input (the
/// size of a session token's signing input). The script pins this process to the server's
/// core right before and after each wrk run, so the mint rate and the sign rate are taken
/// under the same machine conditions. Prints <c>sign_rate=&lt;median per second&gt; cpu_ms_per_sign=&lt;CPU time per signature&gt;</c>.
/// </summary>
internal static class SignRate
{
    public static int Run(BenchArguments args)
    {
        var seconds = args.Seconds("seconds", 1);
        var rounds = args.Number("rounds", 3);
        using var rsa = RSA.Create(2048);
        var input = new byte[560];
        RandomNumberGenerator.Fill(input);
        var signature = new byte[256];

        // Warm-up: JIT, OpenSSL's key setup (blinding, Montgomery contexts), CPU frequency.
        Measure(rsa, input, signature, 0.3, out _);
        var rates = new List<double>();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var signatures = 0L;
        for (var round = 0; round < rounds; round++)
        {
            var rate = Measure(rsa, input, signature, seconds, out var count);
            rates.Add(rate);
            signatures += count;
        }

        // CPU time per signature: what a signature costs when the core is not shared.
        var cpuPerSign = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / signatures;

        rates.Sort();
        var median = rates.Count % 2 == 1 ? rates[rates.Count / 2] : (rates[(rates.Count / 2) - 1] + rates[rates.Count / 2]) / 2;
        Console.Error.WriteLine("sign-rate rounds: " + string.Join(", ", rates.Select(r => r.ToString("F1", CultureInfo.InvariantCulture))));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sign_rate={median:F1} cpu_ms_per_sign={cpuPerSign:F4}"));
        return 0;
    }

    private static double Measure(RSA rsa, byte[] input, byte[] signature, double seconds, out int count)
    {
        count = 0;
        var watch = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(seconds);
        while (watch.Elapsed < limit)
        {
            // Ten per clock read: the clock costs nothing next to a 2048-bit private-key operation.
            for (var i = 0; i < 10; i++)
            {
                if (!rsa.TrySignData(input, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, out _))
                {
                    throw new InvalidOperationException("RSA signing failed.");
                }
            }

            count += 10;
        }

        return count / watch.Elapsed.TotalSeconds;
    }
}
