namespace Latchkey.AspNetCore.Classification;

/// <summary>
/// The ordered response headers of a request state, with the two operations the protocol uses:
/// <c>Set</c> (replace every value of a name) and <c>Append</c> (add one more, for Set-Cookie).
/// Names compare case-insensitively.
/// </summary>
internal sealed class StateHeaders
{
    private readonly List<KeyValuePair<string, string>> _items = [];

    public IReadOnlyList<KeyValuePair<string, string>> Items => _items;

    public string? Get(string name)
    {
        foreach (var (key, value) in _items)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    public void Append(string name, string value) => _items.Add(new(name, value));

    public void Set(string name, string value)
    {
        var index = _items.FindIndex(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
        _items.RemoveAll(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
        if (index < 0 || index > _items.Count)
        {
            _items.Add(new(name, value));
        }
        else
        {
            _items.Insert(index, new(name, value));
        }
    }

    /// <summary>Whether a value may be written as a header value: printable ASCII and tab only.</summary>
    public static bool IsHeaderSafe(string value)
    {
        foreach (var c in value)
        {
            if ((c < 0x20 && c != '\t') || c >= 0x7F)
            {
                return false;
            }
        }

        return true;
    }
}
