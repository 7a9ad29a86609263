using System.Text;
using System.Text.Json;

namespace Latchkey.Tokens.Internal;

/// <summary>
/// The configured issuers and authorized parties, with their UTF-8 bytes: when a token's
/// <c>iss</c> or <c>azp</c> equals one of them, the configured string instance is reused
/// (no transcoding, no allocation on the hot path).
/// </summary>
internal sealed class KnownValues(IReadOnlyList<string> issuers, IReadOnlyList<string> authorizedParties)
{
    public Set Issuers { get; } = new(issuers);

    public Set AuthorizedParties { get; } = new(authorizedParties);

    internal sealed class Set(IReadOnlyList<string> values)
    {
        private readonly string[] _values = [.. values];
        private readonly byte[][] _utf8 = [.. values.Select(Encoding.UTF8.GetBytes)];

        /// <summary>The configured instance equal to the reader's string value, or null.</summary>
        public string? Find(ref Utf8JsonReader reader)
        {
            for (int i = 0; i < _utf8.Length; i++)
            {
                if (reader.ValueTextEquals(_utf8[i]))
                {
                    return _values[i];
                }
            }

            return null;
        }

        /// <summary>The configured instance whose UTF-8 bytes equal <paramref name="utf8"/> (unescaped text), or null.</summary>
        public string? Find(ReadOnlySpan<byte> utf8)
        {
            for (int i = 0; i < _utf8.Length; i++)
            {
                if (utf8.SequenceEqual(_utf8[i]))
                {
                    return _values[i];
                }
            }

            return null;
        }
    }
}
