namespace Latchkey.Tokens.Internal;

/// <summary>
/// The last few JOSE headers whose token verified, per verifier: the header segment exactly as
/// encoded, what the header checks concluded and the key it named in one key set. Every session
/// token of an instance carries the same header (alg, kid, typ, cat), so a hit skips decoding,
/// parsing and checking it again and the key lookup; the signature and every claim are still
/// checked for every token. The answer depends only on the header bytes, the verifier's
/// (immutable) settings and the (immutable) key set, all of which the entry is matched on, so
/// a hit reaches exactly the result the full path would. Only headers of tokens whose signature
/// held are added: a forged token cannot evict a genuine entry. Four entries (rotation overlaps
/// two keys; a second verifier kind has its own cache), replaced round-robin. Thread-safe:
/// entries are immutable and published by reference.
/// </summary>
internal sealed class HeaderCache
{
    private const int Capacity = 4;

    /// <summary>Longest encoded header kept (characters); longer headers are always parsed.</summary>
    public const int MaxEncodedLength = 512;

    private readonly Entry?[] _entries = new Entry?[Capacity];
    private int _next;

    /// <summary>The entry for this encoded header and key set, or null.</summary>
    public Entry? Find(ReadOnlySpan<byte> encodedHeader, VerificationKeySet keys)
    {
        Entry?[] entries = _entries;
        for (int i = 0; i < entries.Length; i++)
        {
            Entry? entry = Volatile.Read(ref entries[i]);
            if (entry is not null && ReferenceEquals(entry.Keys, keys) && encodedHeader.SequenceEqual(entry.Encoded))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>Adds an entry, replacing the oldest when full.</summary>
    public void Add(Entry entry)
    {
        if (entry.Encoded.Length > MaxEncodedLength)
        {
            return;
        }

        int slot = (int)((uint)Interlocked.Increment(ref _next) % Capacity);
        Volatile.Write(ref _entries[slot], entry);
    }

    /// <summary>A header that passed every header check, with the key it selects in <see cref="Keys"/>.</summary>
    internal sealed class Entry(byte[] encoded, JwsAlgorithm algorithm, string? kid, string? type, string? category, long? originIssuedAt, bool embeddedKey, VerificationKeySet keys, VerificationKey key)
    {
        public byte[] Encoded { get; } = encoded;

        public JwsAlgorithm Algorithm { get; } = algorithm;

        public VerificationKeySet Keys { get; } = keys;

        public VerificationKey Key { get; } = key;

        /// <summary>The header object for one token (it keeps the token for <see cref="TokenHeader.ToJson"/>).</summary>
        public TokenHeader CreateHeader(string token, int headerLength) =>
            new(token, headerLength, JwsAlgorithms.Name(Algorithm), kid, type, category, originIssuedAt, embeddedKey);
    }
}
