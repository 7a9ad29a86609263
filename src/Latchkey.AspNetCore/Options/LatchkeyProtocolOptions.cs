using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Latchkey.AspNetCore;

/// <summary>
/// Builds <see cref="LatchkeyAuthenticationOptions"/> from a JSON object that uses the protocol's
/// camelCase option names (protocol.md §5.1: <c>publishableKey</c>, <c>secretKey</c>,
/// <c>jwtKey</c>, <c>clockSkewInMs</c>, <c>acceptsToken</c>, ...), as a reference SDK's
/// configuration is written, for tools such as <c>latchkey request explain</c>. Only the JSON's
/// shape is checked here (names, types); the values are checked by the package's own start-up
/// validation when a <see cref="LatchkeyRequestClassifier"/> is created from the result, so a tool
/// reports exactly what an app would.
/// </summary>
/// <example>
/// <code>
/// using var json = JsonDocument.Parse("""{"publishableKey":"pk_test_...","secretKey":"sk_test_...","clockSkewInMs":2000}""");
/// if (!LatchkeyProtocolOptions.TryCreate(json.RootElement, out var options, out var errors))
/// {
///     foreach (var error in errors) Console.Error.WriteLine(error);
/// }
/// </code>
/// </example>
public static class LatchkeyProtocolOptions
{
    /// <summary>The largest <c>clockSkewInMs</c> accepted as a number: 10^12 ms. Start-up validation then allows 0 to 300,000.</summary>
    private const long MaxMilliseconds = 1_000_000_000_000;

    private static readonly Dictionary<string, Action<JsonElement, LatchkeyAuthenticationOptions, List<string>>> Setters = new(StringComparer.Ordinal)
    {
        ["publishableKey"] = (v, o, e) => o.PublishableKey = String(v, "publishableKey", e),
        ["secretKey"] = (v, o, e) => o.SecretKey = String(v, "secretKey", e),
        ["machineSecretKey"] = (v, o, e) => o.MachineSecretKey = String(v, "machineSecretKey", e),
        ["jwtKey"] = (v, o, e) => o.JwtKey = String(v, "jwtKey", e),
        ["frontendApiUrl"] = (v, o, e) => o.FrontendApiUrl = String(v, "frontendApiUrl", e),
        ["apiUrl"] = (v, o, e) => o.ApiUrl = String(v, "apiUrl", e),
        ["authorizedParties"] = (v, o, e) => o.AuthorizedParties = Strings(v, "authorizedParties", allowSingle: false, e),
        ["audience"] = (v, o, e) => o.Audience = Strings(v, "audience", allowSingle: true, e),
        ["clockSkewInMs"] = SetClockSkew,
        ["acceptsToken"] = SetAcceptsToken,
        ["isSatellite"] = (v, o, e) => o.IsSatellite = Boolean(v, "isSatellite", e) ?? false,
        ["satelliteAutoSync"] = (v, o, e) => o.SatelliteAutoSync = Boolean(v, "satelliteAutoSync", e) ?? false,
        ["domain"] = (v, o, e) => o.Domain = String(v, "domain", e),
        ["proxyUrl"] = (v, o, e) => o.ProxyUrl = String(v, "proxyUrl", e),
        ["signInUrl"] = (v, o, e) => o.SignInUrl = String(v, "signInUrl", e),
        ["organizationSyncOptions"] = SetOrganizationSync,

        // Latchkey's own options (no counterpart in the protocol), in the same camelCase style.
        ["allowedRedirectOrigins"] = (v, o, e) => o.AllowedRedirectOrigins = Strings(v, "allowedRedirectOrigins", allowSingle: false, e),
        ["treatPendingAsSignedOut"] = (v, o, e) => o.TreatPendingAsSignedOut = Boolean(v, "treatPendingAsSignedOut", e) ?? true,
        ["handshakeMode"] = SetHandshakeMode,
        ["debugHeaders"] = (v, o, e) => o.DebugHeaders = Boolean(v, "debugHeaders", e),
    };

    /// <summary>
    /// The accepted names: the protocol's <c>publishableKey</c>, <c>secretKey</c>,
    /// <c>machineSecretKey</c>, <c>jwtKey</c> (PEM text), <c>frontendApiUrl</c>, <c>apiUrl</c>,
    /// <c>authorizedParties</c>, <c>audience</c>, <c>clockSkewInMs</c>, <c>acceptsToken</c>,
    /// <c>isSatellite</c>, <c>satelliteAutoSync</c>, <c>domain</c>, <c>proxyUrl</c>, <c>signInUrl</c>,
    /// <c>organizationSyncOptions</c>; and Latchkey's <c>allowedRedirectOrigins</c>,
    /// <c>treatPendingAsSignedOut</c>, <c>handshakeMode</c>, <c>debugHeaders</c>.
    /// </summary>
    public static IReadOnlyList<string> Names { get; } = [.. Setters.Keys];

    /// <summary>
    /// Maps a JSON object onto new options. A member whose value is <c>null</c> keeps the option's
    /// default. Fails, with one message per problem, for a non-object, an unknown or repeated
    /// name, or a value of the wrong JSON type.
    /// </summary>
    /// <param name="json">The options object.</param>
    /// <param name="options">The options when the shape is right; validate them by creating a <see cref="LatchkeyRequestClassifier"/>.</param>
    /// <param name="errors">The problems found (empty on success); each names the member.</param>
    public static bool TryCreate(JsonElement json, [NotNullWhen(true)] out LatchkeyAuthenticationOptions? options, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        options = null;
        errors = problems;
        if (json.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"the options must be a JSON object, not {Describe(json)}");
            return false;
        }

        var result = new LatchkeyAuthenticationOptions();
        try
        {
            Map(json, result, problems);
        }
        catch (InvalidOperationException)
        {
            // JsonElement decodes names and strings lazily; an escaped lone surrogate ("\ud800") throws here.
            problems.Add("the options hold a name or string that is not valid Unicode (a lone surrogate escape such as \\ud800)");
        }

        if (problems.Count > 0)
        {
            return false;
        }

        options = result;
        return true;
    }

    private static void Map(JsonElement json, LatchkeyAuthenticationOptions result, List<string> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var member in json.EnumerateObject())
        {
            if (!seen.Add(member.Name))
            {
                problems.Add($"\"{member.Name}\" is given more than once");
                continue;
            }

            if (!Setters.TryGetValue(member.Name, out var setter))
            {
                var close = Names.FirstOrDefault(n => string.Equals(n, member.Name, StringComparison.OrdinalIgnoreCase));
                unknown.Add(close is null ? $"\"{member.Name}\"" : $"\"{member.Name}\" (did you mean \"{close}\"?)");
                continue;
            }

            if (member.Value.ValueKind != JsonValueKind.Null)
            {
                setter(member.Value, result, problems);
            }
        }

        if (unknown.Count > 0)
        {
            problems.Insert(0, $"unknown option name{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown)}; the accepted names are {string.Join(", ", Names)}");
        }
    }

    private static string? String(JsonElement value, string name, List<string> errors)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        errors.Add($"\"{name}\" must be a string, not {Describe(value)}");
        return null;
    }

    private static bool? Boolean(JsonElement value, string name, List<string> errors)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.Add($"\"{name}\" must be true or false, not {Describe(value)}");
        return null;
    }

    private static List<string> Strings(JsonElement value, string name, bool allowSingle, List<string> errors)
    {
        var list = new List<string>();
        if (allowSingle && value.ValueKind == JsonValueKind.String)
        {
            list.Add(value.GetString()!);
            return list;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"\"{name}\" must be {(allowSingle ? "a string or " : "")}an array of strings, not {Describe(value)}");
            return list;
        }

        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                errors.Add($"\"{name}\" must hold only strings, not {Describe(item)}");
                return list;
            }

            list.Add(item.GetString()!);
        }

        return list;
    }

    private static void SetClockSkew(JsonElement value, LatchkeyAuthenticationOptions options, List<string> errors)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var ms) && Math.Abs(ms) <= MaxMilliseconds)
        {
            options.ClockSkew = TimeSpan.FromMilliseconds(ms);
            return;
        }

        errors.Add($"\"clockSkewInMs\" must be a whole number of milliseconds (default 5000), not {Describe(value)}");
    }

    private static void SetAcceptsToken(JsonElement value, LatchkeyAuthenticationOptions options, List<string> errors)
    {
        const string Expected = "\"session_token\", \"api_key\", \"m2m_token\", \"oauth_token\" or \"any\"";
        var names = value.ValueKind switch
        {
            JsonValueKind.String => [value],
            JsonValueKind.Array => value.EnumerateArray().ToList(),
            _ => null,
        };
        if (names is null)
        {
            errors.Add($"\"acceptsToken\" must be {Expected}, or an array of them, not {Describe(value)}");
            return;
        }

        var types = LatchkeyTokenTypes.None;
        foreach (var name in names)
        {
            if (name.ValueKind != JsonValueKind.String || !LatchkeyTokenTypeNames.TryParse(name.GetString(), out var type))
            {
                errors.Add($"\"acceptsToken\" holds {DescribeWithText(name)}; expected {Expected}");
                return;
            }

            types |= type;
        }

        options.AcceptsToken = types;
    }

    private static void SetHandshakeMode(JsonElement value, LatchkeyAuthenticationOptions options, List<string> errors)
    {
        if (value.ValueKind == JsonValueKind.String
            && Enum.TryParse<LatchkeyHandshakeMode>(value.GetString(), ignoreCase: true, out var mode)
            && Enum.IsDefined(mode)
            && !char.IsAsciiDigit(value.GetString()![0]))
        {
            options.HandshakeMode = mode;
            return;
        }

        errors.Add($"\"handshakeMode\" must be \"allNavigations\", \"protectedEndpointsOnly\" or \"never\", not {DescribeWithText(value)}");
    }

    private static void SetOrganizationSync(JsonElement value, LatchkeyAuthenticationOptions options, List<string> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"\"organizationSyncOptions\" must be an object with \"organizationPatterns\" and \"personalAccountPatterns\", not {Describe(value)}");
            return;
        }

        var sync = new OrganizationSyncOptions();
        foreach (var member in value.EnumerateObject())
        {
            switch (member.Name)
            {
                case "organizationPatterns":
                    sync.OrganizationPatterns = Strings(member.Value, "organizationSyncOptions.organizationPatterns", allowSingle: false, errors);
                    break;
                case "personalAccountPatterns":
                    sync.PersonalAccountPatterns = Strings(member.Value, "organizationSyncOptions.personalAccountPatterns", allowSingle: false, errors);
                    break;
                default:
                    errors.Add($"unknown option name \"organizationSyncOptions.{member.Name}\"; the accepted names are organizationPatterns, personalAccountPatterns");
                    break;
            }
        }

        options.OrganizationSync = sync;
    }

    /// <summary>A short description of a JSON value for messages (never the whole value: it may be a key).</summary>
    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "the number " + Shorten(value.GetRawText()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => value.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture),
    };

    /// <summary>As <see cref="Describe"/>, quoting a string (for values that are names, never keys).</summary>
    private static string DescribeWithText(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? "\"" + Shorten(value.GetString()!) + "\"" : Describe(value);

    private static string Shorten(string text) => text.Length <= 24 ? text : text[..24] + "...";
}
