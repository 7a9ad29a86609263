namespace Latchkey.AspNetCore.Classification;

/// <summary>
/// A small fixed table of recent header strings and what was read from each, by the string's
/// identity: Kestrel hands a keep-alive connection the same string while the header's bytes
/// repeat, so a connection finds its own entry again without reading the header.
/// </summary>
/// <remarks>
/// <para>
/// A header's place is chosen by a hash the caller gives (the string's identity hash), and the
/// header may sit in any of <see cref="Ways"/> slots from there on (wrapping at the end). With a
/// single slot per hash, two of 32 connections shared a slot in most processes (measured: about
/// two such pairs, 12% of the requests then read their header again, and the share changed from
/// one process to the next); with four places for each, a header is pushed out only when four
/// others already hold its slots.
/// </para>
/// <para>
/// Entries are never removed, only replaced: an empty slot in a header's window therefore means
/// the header was never stored past it, and a lookup stops there. When all four slots hold other
/// headers, one of them (in turn) gives way. Thread-safe without locks: a slot holds one immutable
/// entry at a time, and a lost race costs only a second read of a header later.
/// </para>
/// </remarks>
/// <typeparam name="T">What is remembered for a header (immutable).</typeparam>
internal sealed class HeaderMemo<T>
    where T : HeaderMemoEntry
{
    /// <summary>Slots in the table (a power of two).</summary>
    public const int Slots = 256;

    /// <summary>The slots a header may occupy, from the one its hash names.</summary>
    public const int Ways = 4;

    // Slots as structs: a reference to a slot's field needs no array-covariance check.
    private readonly Slot[] _slots = new Slot[Slots];
    private uint _nextVictim;

    /// <summary>The entry of exactly this header string, or null.</summary>
    /// <param name="header">The header string (compared by reference).</param>
    /// <param name="hash">The hash that places it (the same for every call with this string).</param>
    public T? Find(string header, int hash)
    {
        var start = (uint)hash;
        for (uint i = 0; i < Ways; i++)
        {
            var entry = Volatile.Read(ref _slots[(start + i) & (Slots - 1)].Entry);
            if (entry is null)
            {
                return null;
            }

            if (ReferenceEquals(entry.Header, header))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>Remembers an entry: in the first empty slot of its header's window, else in place of another header's.</summary>
    /// <param name="hash">The hash its header was looked up with.</param>
    /// <param name="entry">The entry.</param>
    public void Store(int hash, T entry)
    {
        var start = (uint)hash;
        for (uint i = 0; i < Ways; i++)
        {
            ref var slot = ref _slots[(start + i) & (Slots - 1)].Entry;
            if (Volatile.Read(ref slot) is null && Interlocked.CompareExchange(ref slot, entry, null) is null)
            {
                return;
            }
        }

        // Every slot of the window holds another header: the next one in turn gives way. (The
        // counter is shared and bumped without a lock; any value it takes is a valid choice.)
        var victim = _nextVictim++ % Ways;
        Volatile.Write(ref _slots[(start + victim) & (Slots - 1)].Entry, entry);
    }

    private struct Slot
    {
        public T? Entry;
    }
}

/// <summary>An entry of a <see cref="HeaderMemo{T}"/>: what was read from one header string (immutable).</summary>
/// <param name="header">The header string it was read from.</param>
internal abstract class HeaderMemoEntry(string header)
{
    /// <summary>The header string it was read from.</summary>
    public string Header { get; } = header;
}
