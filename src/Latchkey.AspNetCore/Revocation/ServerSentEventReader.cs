using System.Text;

namespace Latchkey.AspNetCore.Revocation;

/// <summary>One server-sent event: the fields this package reads (WHATWG HTML, "Server-sent events").</summary>
internal sealed record ServerSentEvent(string? Id, string Type, string Data);

/// <summary>
/// Reads a <c>text/event-stream</c> body strictly and within bounds: lines end with LF, CRLF
/// or CR; a line longer than <see cref="MaxLineBytes"/> bytes or an event of more than
/// <see cref="MaxEventChars"/> characters ends the stream with <see cref="InvalidDataException"/>.
/// Comment lines (heartbeats) count as activity but produce no event.
/// </summary>
internal sealed class ServerSentEventReader(Stream stream)
{
    public const int MaxLineBytes = 16 * 1024;
    public const int MaxEventChars = 64 * 1024;

    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly byte[] _buffer = new byte[8192];
    private readonly MemoryStream _line = new();
    private int _start;
    private int _end;
    private bool _skipLineFeed;
    private bool _first = true;

    /// <summary>
    /// Reads until the next complete event (returned) or the end of the stream (null).
    /// <paramref name="onActivity"/> runs for every line read, so the caller can reset an idle timer.
    /// </summary>
    public async Task<ServerSentEvent?> ReadEventAsync(Action onActivity, CancellationToken cancellationToken)
    {
        string? id = null;
        var type = "message";
        var data = new StringBuilder();
        var hasData = false;
        var size = 0;
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                return null;
            }

            onActivity();
            if (line.Length == 0)
            {
                if (hasData)
                {
                    return new ServerSentEvent(id, type, data.ToString());
                }

                id = null;
                type = "message";
                continue;
            }

            size += line.Length;
            if (size > MaxEventChars)
            {
                throw new InvalidDataException("A server-sent event is larger than 64 KiB.");
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "id":
                    id = value.Contains('\0', StringComparison.Ordinal) ? id : value;
                    break;
                case "event":
                    type = value;
                    break;
                case "data":
                    if (hasData)
                    {
                        data.Append('\n');
                    }

                    data.Append(value);
                    hasData = true;
                    break;
            }
        }
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _line.SetLength(0);
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                if (_end == 0)
                {
                    return null;
                }
            }

            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (_buffer[_start] == (byte)'\n')
                {
                    _start++;
                    continue;
                }
            }

            var span = _buffer.AsSpan(_start, _end - _start);
            var index = span.IndexOfAny((byte)'\n', (byte)'\r');
            if (index < 0)
            {
                Append(span);
                _start = _end;
                continue;
            }

            Append(span[..index]);
            _skipLineFeed = span[index] == (byte)'\r';
            _start += index + 1;
            return Decode();
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_line.Length + bytes.Length > MaxLineBytes)
        {
            throw new InvalidDataException("A server-sent event line is longer than 16 KiB.");
        }

        _line.Write(bytes);
    }

    private string Decode()
    {
        var bytes = _line.GetBuffer().AsSpan(0, (int)_line.Length);
        if (_first)
        {
            // A UTF-8 byte order mark may start the stream.
            _first = false;
            if (bytes.StartsWith(ByteOrderMark))
            {
                bytes = bytes[3..];
            }
        }

        try
        {
            return Utf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException("A server-sent event line is not UTF-8.");
        }
    }
}
