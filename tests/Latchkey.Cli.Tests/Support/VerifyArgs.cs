using System.Globalization;

namespace Latchkey.Cli.Tests.Support;

/// <summary>Command lines for <c>latchkey token verify</c> with the test instance's settings.</summary>
internal static class VerifyArgs
{
    /// <summary><c>token verify &lt;token&gt; --pem public.pem --issuer https://clerk.example.com --now &lt;issue time + offset&gt;</c> plus <paramref name="extra"/>.</summary>
    public static string[] Pem(string? token, int nowOffsetSeconds = 0, params string[] extra) =>
        Build(token, ["--pem", KeyFiles.Pem], nowOffsetSeconds, extra);

    /// <summary>Like <see cref="Pem"/> with <c>--jwks jwks.json</c>.</summary>
    public static string[] Jwks(string? token, int nowOffsetSeconds = 0, params string[] extra) =>
        Build(token, ["--jwks", KeyFiles.Jwks], nowOffsetSeconds, extra);

    /// <summary><c>token verify &lt;token&gt; &lt;key option&gt; &lt;key path&gt; --issuer https://clerk.example.com</c>.</summary>
    public static string[] Build(string token, string keyOption, string keyPath) =>
        ["token", "verify", token, keyOption, keyPath, "--issuer", TestKeys.Issuer, "--now", Now()];

    public static string Now(int offsetSeconds = 0) => (TestKeys.NowSeconds + offsetSeconds).ToString(CultureInfo.InvariantCulture);

    private static string[] Build(string? token, string[] keys, int nowOffsetSeconds, string[] extra)
    {
        var args = new List<string> { "token", "verify" };
        if (token is not null)
        {
            args.Add(token);
        }

        args.AddRange(keys);
        if (!extra.Contains("--no-issuer-check"))
        {
            args.AddRange(["--issuer", TestKeys.Issuer]);
        }

        args.AddRange(["--now", Now(nowOffsetSeconds)]);
        args.AddRange(extra);
        return [.. args];
    }
}
