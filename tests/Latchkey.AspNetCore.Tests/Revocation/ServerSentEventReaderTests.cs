using System.Text;
using Latchkey.AspNetCore.Revocation;

namespace Latchkey.AspNetCore.Tests.Revocation;

public sealed class ServerSentEventReaderTests
{
    private static async Task<List<ServerSentEvent>> ReadAllAsync(byte[] bytes)
    {
        var reader = new ServerSentEventReader(new MemoryStream(bytes));
        var events = new List<ServerSentEvent>();
        while (await reader.ReadEventAsync(() => { }, CancellationToken.None) is { } next)
        {
            events.Add(next);
        }

        return events;
    }

    private static Task<List<ServerSentEvent>> ReadAllAsync(string text) => ReadAllAsync(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task ReadEvent_FieldsCommentsAndLineEndings_ParsedPerSpecification()
    {
        var events = await ReadAllAsync("retry: 1000\n\n: heartbeat\r\nid: 7\r\nevent: revocation\r\ndata: {\"a\":1}\r\n\r\nid:8\revent:revocation\rdata:x\rdata: y\r\rdata: plain\n\n");

        Assert.Equal(3, events.Count);
        Assert.Equal(new ServerSentEvent("7", "revocation", "{\"a\":1}"), events[0]);
        Assert.Equal(new ServerSentEvent("8", "revocation", "x\ny"), events[1]);
        Assert.Equal(new ServerSentEvent(null, "message", "plain"), events[2]);
    }

    [Fact]
    public async Task ReadEvent_ByteOrderMarkAndUnfinishedEvent_MarkSkippedEventDropped()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("data: one\n\ndata: cut off")).ToArray();

        var events = await ReadAllAsync(bytes);

        Assert.Equal("one", Assert.Single(events).Data);
    }

    [Fact]
    public async Task ReadEvent_LineOver16KiB_IsInvalidData()
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync("data: " + new string('x', 17 * 1024) + "\n\n"));
    }

    [Fact]
    public async Task ReadEvent_EventOver64KiB_IsInvalidData()
    {
        var line = "data: " + new string('x', 10_000) + "\n";
        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(string.Concat(Enumerable.Repeat(line, 8)) + "\n"));
    }

    [Fact]
    public async Task ReadEvent_InvalidUtf8_IsInvalidData()
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(new byte[] { (byte)'d', (byte)'a', (byte)'t', (byte)'a', (byte)':', 0xC3, 0x28, (byte)'\n', (byte)'\n' }));
    }

    [Fact]
    public async Task ReadEvent_EveryLine_ReportsActivity()
    {
        var reader = new ServerSentEventReader(new MemoryStream(Encoding.UTF8.GetBytes(": a\n: b\ndata: c\n\n")));
        var lines = 0;

        await reader.ReadEventAsync(() => lines++, CancellationToken.None);

        Assert.Equal(4, lines);
    }
}
