namespace Latchkey.Bench.AuthApp;

/// <summary>How the benchmark endpoint is protected. One mode per process.</summary>
internal enum BenchMode
{
    /// <summary>No authentication at all: the pipeline without auth.</summary>
    Open,

    /// <summary>A handler that only looks the bearer token up in a pre-filled dictionary: the ceiling of any handler.</summary>
    Dictionary,

    /// <summary>The same handler, the token in the <c>__session</c> cookie: the ceiling for a cookie-carried token.</summary>
    DictionaryCookie,

    /// <summary>Latchkey (networkless PEM mode), session token in the <c>__session</c> cookie with <c>__client_uat</c>.</summary>
    LatchkeyCookie,

    /// <summary>Latchkey (networkless PEM mode), session token in <c>Authorization: Bearer</c>.</summary>
    LatchkeyBearer,

    /// <summary>Microsoft.AspNetCore.Authentication.JwtBearer with the same key, issuer and azp rule.</summary>
    JwtBearer,
}

/// <summary>The command-line names of the modes (also the names in the benchmark table).</summary>
internal static class BenchModes
{
    public static readonly IReadOnlyDictionary<string, BenchMode> ByName = new Dictionary<string, BenchMode>(StringComparer.Ordinal)
    {
        ["open"] = BenchMode.Open,
        ["dictionary"] = BenchMode.Dictionary,
        ["dictionary-cookie"] = BenchMode.DictionaryCookie,
        ["latchkey-cookie"] = BenchMode.LatchkeyCookie,
        ["latchkey-bearer"] = BenchMode.LatchkeyBearer,
        ["jwtbearer"] = BenchMode.JwtBearer,
    };

    public static bool TryParse(string? name, out BenchMode mode) => ByName.TryGetValue(name ?? string.Empty, out mode);

    public static string Names => string.Join(", ", ByName.Keys);

    /// <summary>How a client presents the credential in this mode: a <c>Cookie</c> header or an <c>Authorization</c> header.</summary>
    public static bool UsesCookie(BenchMode mode) => mode is BenchMode.LatchkeyCookie or BenchMode.DictionaryCookie;
}
