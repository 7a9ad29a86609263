namespace Latchkey.Cli.Infrastructure;

/// <summary>
/// Reads a stream as lines of bytes (JSON Lines), each bounded: a line longer than
/// <see cref="MaxLineBytes"/> is reported as too long and the rest of it is skipped without being
/// kept, so a huge or endless line costs no memory. Lines end at <c>\n</c>; a <c>\r</c> before it
/// and a UTF-8 byte order mark at the start of the stream are removed.
/// </summary>
internal sealed class JsonLineReader(Stream stream, int maxLineBytes)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _first = true;

    /// <summary>The largest line kept.</summary>
    public int MaxLineBytes { get; } = maxLineBytes;

    /// <summary>One line: its 1-based number, and its bytes, or null when it was longer than the limit.</summary>
    internal readonly record struct Line(int Number, byte[]? Bytes);

    /// <summary>Reads the next line, or returns null at the end of the stream.</summary>
    public async Task<Line?> ReadAsync(int number, CancellationToken cancellationToken)
    {
        using var line = new MemoryStream();
        bool tooLong = false, any = false;
        while (true)
        {
            if (_start == _end)
            {
                if (_eof)
                {
                    return any ? Finish(number, line, tooLong) : null;
                }

                _start = 0;
                _end = await stream.ReadAsync(_buffer, cancellationToken);
                if (_end == 0)
                {
                    _eof = true;
                    continue;
                }

                if (_first)
                {
                    _first = false;
                    if (_end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
                    {
                        _start = 3;
                    }
                }

                continue;
            }

            any = true;
            int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            int stop = newline < 0 ? _end : newline;
            if (!tooLong)
            {
                if (line.Length + (stop - _start) > MaxLineBytes + 1)
                {
                    tooLong = true;
                    line.SetLength(0);
                }
                else
                {
                    line.Write(_buffer, _start, stop - _start);
                }
            }

            if (newline >= 0)
            {
                _start = newline + 1;
                return Finish(number, line, tooLong);
            }

            _start = _end;
        }
    }

    private Line Finish(int number, MemoryStream line, bool tooLong)
    {
        byte[] bytes = line.ToArray();
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        return tooLong || bytes.Length > MaxLineBytes ? new Line(number, null) : new Line(number, bytes);
    }
}
