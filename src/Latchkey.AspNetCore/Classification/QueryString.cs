using System.Text;

namespace Latchkey.AspNetCore.Classification;

/// <summary>
/// An ordered, form-encoded query (<c>application/x-www-form-urlencoded</c>, as the WHATWG URL
/// standard's <c>URLSearchParams</c>): parse, read, remove, append, serialise. Used to read the
/// protocol's query parameters and to build and clean redirect URLs.
/// </summary>
internal sealed class QueryString
{
    private readonly List<KeyValuePair<string, string>> _pairs = [];
    private readonly bool _readOnly;

    public QueryString()
    {
    }

    private QueryString(bool readOnly) => _readOnly = readOnly;

    /// <summary>An empty query that cannot be changed: what a request without a query reads (no allocation per request).</summary>
    public static QueryString Empty { get; } = new(readOnly: true);

    public static QueryString Parse(string? query)
    {
        var result = new QueryString();
        if (string.IsNullOrEmpty(query))
        {
            return result;
        }

        var s = query.AsSpan();
        if (s[0] == '?')
        {
            s = s[1..];
        }

        foreach (var range in s.Split('&'))
        {
            var part = s[range];
            if (part.IsEmpty)
            {
                continue;
            }

            var eq = part.IndexOf('=');
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? [] : part[(eq + 1)..];
            result._pairs.Add(new(Decode(name), Decode(value)));
        }

        return result;
    }

    public int Count => _pairs.Count;

    public string? Get(string name)
    {
        foreach (var (key, value) in _pairs)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }

    public bool Has(string name)
    {
        foreach (var (key, _) in _pairs)
        {
            if (key == name)
            {
                return true;
            }
        }

        return false;
    }

    public void Remove(string name)
    {
        ThrowIfReadOnly();
        _pairs.RemoveAll(p => p.Key == name);
    }

    public void Append(string name, string value)
    {
        ThrowIfReadOnly();
        _pairs.Add(new(name, value));
    }

    /// <summary>Replaces every value of <paramref name="name"/> by one, at the first occurrence's place.</summary>
    public void Set(string name, string value)
    {
        ThrowIfReadOnly();
        var index = _pairs.FindIndex(p => p.Key == name);
        if (index < 0)
        {
            _pairs.Add(new(name, value));
            return;
        }

        _pairs[index] = new(name, value);
        for (var i = _pairs.Count - 1; i > index; i--)
        {
            if (_pairs[i].Key == name)
            {
                _pairs.RemoveAt(i);
            }
        }
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in _pairs)
        {
            if (sb.Length > 0)
            {
                sb.Append('&');
            }

            Encode(sb, key);
            sb.Append('=');
            Encode(sb, value);
        }

        return sb.ToString();
    }

    /// <summary>Returns <paramref name="url"/> with its query replaced by <paramref name="query"/> (fragment kept).</summary>
    public static Uri WithQuery(Uri url, QueryString query)
    {
        var builder = new UriBuilder(url) { Query = query.Count == 0 ? string.Empty : query.ToString() };
        if (url.IsDefaultPort)
        {
            builder.Port = -1;
        }

        return builder.Uri;
    }

    private static string Decode(ReadOnlySpan<char> s)
    {
        if (s.IndexOfAny('%', '+') < 0)
        {
            return s.ToString();
        }

        return CookieHeaderParser.PercentDecode(s.ToString().Replace('+', ' '));
    }

    /// <summary>The form-urlencoded byte serializer: unreserved <c>*-._</c> and alphanumerics kept, space as <c>+</c>.</summary>
    private static void Encode(StringBuilder sb, string value)
    {
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '*' or '-' or '.' or '_')
            {
                sb.Append(c);
            }
            else if (c == ' ')
            {
                sb.Append('+');
            }
            else
            {
                sb.Append('%').Append(HexUpper[b >> 4]).Append(HexUpper[b & 0xF]);
            }
        }
    }

    private const string HexUpper = "0123456789ABCDEF";

    private void ThrowIfReadOnly()
    {
        if (_readOnly)
        {
            throw new InvalidOperationException("QueryString.Empty is shared and cannot be changed; parse a copy to build a query.");
        }
    }
}
