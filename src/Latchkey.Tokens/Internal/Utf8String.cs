using System.Text;

namespace Latchkey.Tokens.Internal;

/// <summary>
/// A string claim kept as its place in the raw claim-set bytes and turned into a
/// <see cref="string"/> only when read (style: strings only for the claims the caller reads).
/// Lives in a mutable field of the owning object: the first read caches the string; a race
/// between readers only builds the same string twice.
/// </summary>
internal struct Utf8String
{
    private readonly int _start;
    private readonly int _length;
    private string? _value;

    private Utf8String(int start, int length, string? value)
    {
        _start = start;
        _length = length;
        _value = value;
    }

    /// <summary>An absent claim.</summary>
    public static Utf8String Absent => new(-1, 0, null);

    /// <summary>A claim already decoded (escaped in the JSON, or a configured value reused).</summary>
    public static Utf8String Of(string value) => new(0, Encoding.UTF8.GetByteCount(value), value);

    /// <summary>A claim whose unescaped, valid UTF-8 text is at <paramref name="start"/> in the raw bytes.</summary>
    public static Utf8String At(int start, int length) => new(start, length, null);

    public readonly bool IsPresent => _start >= 0;

    /// <summary>True when absent or the empty string.</summary>
    public readonly bool IsNullOrEmpty => _start < 0 || _length == 0;

    public readonly bool StartsWith(byte[] raw, ReadOnlySpan<byte> prefix) =>
        _start >= 0 && (_value is not null ? Encoding.UTF8.GetBytes(_value).AsSpan().StartsWith(prefix) : raw.AsSpan(_start, _length).StartsWith(prefix));

    public string? Get(byte[] raw)
    {
        if (_start < 0)
        {
            return null;
        }

        return _value ??= Encoding.UTF8.GetString(raw, _start, _length);
    }
}
