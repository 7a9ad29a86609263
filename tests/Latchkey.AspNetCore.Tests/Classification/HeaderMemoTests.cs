using Latchkey.AspNetCore.Classification;

namespace Latchkey.AspNetCore.Tests.Classification;

/// <summary>
/// The memo of recent header strings behind the known-cookie shortcut: a header is found again by
/// its string's identity, up to four headers whose hashes name the same slot all stay, and a
/// lookup never answers with another header's entry.
/// </summary>
public sealed class HeaderMemoTests
{
    [Fact]
    public void FourHeadersOfTheSameHash_AllFoundAgain()
    {
        var (memo, entries) = FullWindow(7);

        foreach (var entry in entries)
        {
            Assert.Same(entry, memo.Find(entry.Header, 7));
        }
    }

    [Fact]
    public void FifthHeaderOfTheSameHash_FoundAndExactlyOneOtherGivesWay()
    {
        var (memo, entries) = FullWindow(7);

        var fifth = new Entry("header 5");
        memo.Store(7, fifth);

        Assert.Same(fifth, memo.Find(fifth.Header, 7));
        Assert.Equal(HeaderMemo<Entry>.Ways - 1, entries.Count(e => ReferenceEquals(memo.Find(e.Header, 7), e)));
    }

    [Fact]
    public void EqualTextInAnotherString_NotFound()
    {
        var memo = new HeaderMemo<Entry>();
        var stored = new Entry("__session=abc; __client_uat=1");
        memo.Store(3, stored);

        var copy = new string(stored.Header.AsSpan());

        Assert.Null(memo.Find(copy, 3));
        Assert.Same(stored, memo.Find(stored.Header, 3));
    }

    [Fact]
    public void StoredHeader_LookedUpWithAnotherHash_NotFound()
    {
        var memo = new HeaderMemo<Entry>();
        var stored = new Entry("header");
        memo.Store(3, stored);

        Assert.Null(memo.Find(stored.Header, 3 + HeaderMemo<Entry>.Ways));
        Assert.Null(new HeaderMemo<Entry>().Find(stored.Header, 3));
    }

    [Fact]
    public void WindowAtTheEndOfTheTable_WrapsToTheStart()
    {
        var last = HeaderMemo<Entry>.Slots - 1;
        var (memo, entries) = FullWindow(last);

        // The last three went to slots 0-2, where a header of hash 0 now looks first.
        var atZero = new Entry("hash zero");
        memo.Store(0, atZero);

        foreach (var entry in entries)
        {
            Assert.Same(entry, memo.Find(entry.Header, last));
        }

        Assert.Same(atZero, memo.Find(atZero.Header, 0));
    }

    [Fact]
    public void NegativeAndLargeHashes_PlaceLikeTheirLowBits()
    {
        var memo = new HeaderMemo<Entry>();
        var entry = new Entry("header");
        memo.Store(-1, entry);

        Assert.Same(entry, memo.Find(entry.Header, -1));
        Assert.Same(entry, memo.Find(entry.Header, HeaderMemo<Entry>.Slots - 1));
    }

    [Fact]
    public void ThirtyTwoConnectionsInPairsOfOneHash_AllFoundAgain()
    {
        // The benchmark's shape: 32 keep-alive connections, each its own header string, placed by
        // identity hash. With one slot per hash, two of them shared a slot in most processes and
        // read their header again on every request; here all 32 do, in pairs (hashes 0, 0, 2, 2,
        // ..., 30, 30), so every window also runs into its neighbour's.
        var memo = new HeaderMemo<Entry>();
        var entries = Enumerable.Range(0, 32).Select(i => (Entry: new Entry("connection " + i), Hash: i / 2 * 2)).ToList();
        foreach (var (entry, hash) in entries)
        {
            memo.Store(hash, entry);
        }

        foreach (var (entry, hash) in entries)
        {
            Assert.Same(entry, memo.Find(entry.Header, hash));
        }
    }

    [Fact]
    public async Task ConcurrentStoresAndLookups_NeverAnswerWithAnotherHeadersEntry()
    {
        var memo = new HeaderMemo<Entry>();
        var entries = Enumerable.Range(0, 600).Select(i => new Entry("header " + i)).ToArray();
        var wrong = 0;
        var found = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var round = 0; round < 2_000; round++)
            {
                var i = (round * 7 + worker * 13) % entries.Length;
                var hash = i % 40; // crowded: many headers per window, so slots are replaced all the time
                if (memo.Find(entries[i].Header, hash) is { } entry)
                {
                    Interlocked.Increment(ref found);
                    if (!ReferenceEquals(entry, entries[i]))
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
                else
                {
                    memo.Store(hash, entries[i]);
                }
            }
        })));

        Assert.Equal(0, wrong);
        Assert.True(found > 0, "no lookup found its entry; the test would prove nothing");
    }

    /// <summary>A memo whose window at <paramref name="hash"/> is filled with four headers of that hash.</summary>
    private static (HeaderMemo<Entry> Memo, List<Entry> Entries) FullWindow(int hash)
    {
        var memo = new HeaderMemo<Entry>();
        var entries = Enumerable.Range(0, HeaderMemo<Entry>.Ways).Select(i => new Entry("header " + i)).ToList();
        foreach (var entry in entries)
        {
            memo.Store(hash, entry);
        }

        return (memo, entries);
    }

    private sealed class Entry(string header) : HeaderMemoEntry(header);
}
