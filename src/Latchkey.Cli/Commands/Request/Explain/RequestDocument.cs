using System.Globalization;
using System.Text.Json;
using Latchkey.AspNetCore;

namespace Latchkey.Cli.Commands.Request.Explain;

/// <summary>
/// A request as JSON, <c>{"method", "url", "headers"}</c>, turned into the package's
/// <see cref="LatchkeyRequestDescription"/>. Only what can travel on the wire is accepted: an
/// absolute http(s) URL without user information, a method that is an HTTP token, header names that
/// are tokens and values without control characters; at most Kestrel's default limits (100 header
/// fields, 32 KiB of headers, 8 KiB of URL), beyond which no app would see the request. Anything
/// odd but possible is kept and noted (a lower-case method, forwarded headers the package does not
/// read, non-ASCII values).
/// </summary>
internal sealed class RequestDocument
{
    /// <summary>The largest request document (or batch line): 1 MiB.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Kestrel's default <c>MaxRequestHeaderCount</c>: 100.</summary>
    public const int MaxHeaderFields = 100;

    /// <summary>Kestrel's default <c>MaxRequestHeadersTotalSize</c>: 32 KiB.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    /// <summary>Kestrel's default <c>MaxRequestLineSize</c>: 8 KiB.</summary>
    public const int MaxUrlLength = 8 * 1024;

    private static readonly string[] Members = ["method", "url", "headers"];
    private static readonly string[] ForwardedHeaders = ["X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-For", "Forwarded", "CloudFront-Forwarded-Proto"];

    private RequestDocument(LatchkeyRequestDescription description, IReadOnlyList<KeyValuePair<string, string>> headers, IReadOnlyList<string> notes)
    {
        Description = description;
        Headers = headers;
        Notes = notes;
    }

    /// <summary>The request as the classifier takes it.</summary>
    public LatchkeyRequestDescription Description { get; }

    /// <summary>The header fields in the order given (an array value gives one field per item).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>Observations about the request that may explain the verdict.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Reads a request object; throws <see cref="InputProblemException"/> (<c>invalid-request</c>) for anything that is not a possible request.</summary>
    public static RequestDocument From(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw Problem($"the request must be a JSON object {{\"method\", \"url\", \"headers\"}}, not {JsonInput.Kind(json)}");
        }

        var notes = new List<string>();
        string method = "GET";
        string? urlText = null;
        var headers = new List<KeyValuePair<string, string>>();
        foreach (JsonProperty member in json.EnumerateObject())
        {
            switch (member.Name)
            {
                case "method":
                    method = ReadMethod(member.Value, notes);
                    break;
                case "url":
                    urlText = member.Value.ValueKind == JsonValueKind.String
                        ? member.Value.GetString()!
                        : throw Problem($"\"url\" must be a string, not {JsonInput.Kind(member.Value)}");
                    break;
                case "headers":
                    ReadHeaders(member.Value, headers, notes);
                    break;
                default:
                    throw Problem($"unknown member \"{Shorten(member.Name)}\" in the request; the accepted names are {string.Join(", ", Members)}");
            }
        }

        Uri url = ReadUrl(urlText, notes);
        NoteHeaders(url, headers, notes);
        return new RequestDocument(new LatchkeyRequestDescription(method, url, headers), headers, notes);
    }

    private static string ReadMethod(JsonElement value, List<string> notes)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Problem($"\"method\" must be a string such as \"GET\", not {JsonInput.Kind(value)}");
        }

        string method = value.GetString()!;
        if (method.Length is 0 or > 32 || !IsToken(method))
        {
            throw Problem($"\"method\" \"{Shorten(method)}\" is not an HTTP method (a token such as GET or POST)");
        }

        if (method != method.ToUpperInvariant())
        {
            notes.Add($"the method \"{method}\" is compared as given, case-sensitively; browsers send \"{method.ToUpperInvariant()}\"");
        }

        return method;
    }

    private static Uri ReadUrl(string? text, List<string> notes)
    {
        if (text is null)
        {
            throw Problem("the request has no \"url\": give the public URL the browser used, e.g. \"http://127.0.0.1:5200/dashboard\"");
        }

        if (text.Length > MaxUrlLength)
        {
            throw Problem($"\"url\" is longer than {MaxUrlLength:N0} characters; Kestrel refuses such a request line (414) before any app sees it");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? url) || url.Scheme is not ("http" or "https") || string.IsNullOrEmpty(url.Host))
        {
            throw Problem($"\"url\" \"{Shorten(text)}\" is not an absolute http(s) URL such as http://127.0.0.1:5200/dashboard");
        }

        if (url.UserInfo.Length > 0)
        {
            throw Problem("\"url\" carries user information (user:password@); a browser never sends it in a request");
        }

        if (url.Fragment.Length > 0)
        {
            notes.Add("the URL's fragment (#...) is never sent by a browser; it was left out");
            url = new Uri(url.GetLeftPart(UriPartial.Query));
        }

        return url;
    }

    private static void ReadHeaders(JsonElement value, List<KeyValuePair<string, string>> headers, List<string> notes)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Problem($"\"headers\" must be an object of header names to a string or an array of strings, not {JsonInput.Kind(value)}");
        }

        long total = 0;
        foreach (JsonProperty header in value.EnumerateObject())
        {
            string name = header.Name;
            if (name.Length is 0 or > 256 || !IsToken(name))
            {
                throw Problem($"\"{Shorten(name)}\" is not a header name (a token of letters, digits and !#$%&'*+-.^_`|~)");
            }

            JsonElement[] values = header.Value.ValueKind switch
            {
                JsonValueKind.String => [header.Value],
                JsonValueKind.Array => [.. header.Value.EnumerateArray()],
                _ => throw Problem($"header \"{name}\" must be a string or an array of strings, not {JsonInput.Kind(header.Value)}"),
            };
            foreach (JsonElement item in values)
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    throw Problem($"header \"{name}\" must hold only strings, not {JsonInput.Kind(item)}");
                }

                string text = item.GetString()!;
                if (HasControl(text, out int control))
                {
                    throw Problem($"header \"{name}\" holds a control character at offset {control}; an HTTP field value cannot (Kestrel answers 400)");
                }

                if (headers.Count == MaxHeaderFields)
                {
                    throw Problem($"the request has more than {MaxHeaderFields} header fields; Kestrel refuses it (431) before any app sees it");
                }

                total += name.Length + text.Length + 4;
                if (total > MaxHeaderBytes)
                {
                    throw Problem($"the headers are larger than {MaxHeaderBytes:N0} bytes; Kestrel refuses such a request (431) before any app sees it");
                }

                headers.Add(new(name, text.Trim(' ', '\t')));
            }
        }
    }

    private static bool HasControl(string text, out int offset)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if ((text[i] < ' ' && text[i] != '\t') || text[i] == '\u007f')
            {
                offset = i;
                return true;
            }
        }

        offset = -1;
        return false;
    }

    private static void NoteHeaders(Uri url, List<KeyValuePair<string, string>> headers, List<string> notes)
    {
        foreach (string forwarded in ForwardedHeaders)
        {
            if (headers.Any(h => string.Equals(h.Key, forwarded, StringComparison.OrdinalIgnoreCase)))
            {
                notes.Add($"{forwarded} is not read by the package: behind a proxy, ASP.NET Core's forwarded-headers middleware (with the known proxies) sets the public URL; give that URL as \"url\"");
            }
        }

        string? host = headers.FirstOrDefault(h => string.Equals(h.Key, "Host", StringComparison.OrdinalIgnoreCase)).Value;
        if (host is not null && !string.Equals(host, url.Authority, StringComparison.OrdinalIgnoreCase))
        {
            notes.Add($"the Host header \"{Shorten(host)}\" differs from the URL's \"{url.Authority}\": the package uses the URL");
        }

        foreach (var (name, value) in headers)
        {
            int index = value.AsSpan().IndexOfAnyExceptInRange(' ', '~');
            if (index >= 0 && value[index] != '\t')
            {
                notes.Add($"header \"{name}\" holds a character outside printable ASCII at offset {index.ToString(CultureInfo.InvariantCulture)}; browsers send ASCII");
                break;
            }
        }
    }

    /// <summary>RFC 9110 §5.6.2 token characters.</summary>
    private static bool IsToken(string text) =>
        !text.AsSpan().ContainsAnyExcept("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "...";

    private static InputProblemException Problem(string message) => new(new InputProblem(InputProblem.InvalidRequest, message));
}
