using System.Buffers;
using System.Text.Json;

namespace Latchkey.Tokens.Internal;

/// <summary>
/// Detects duplicate member names in every object of one JSON document while a
/// <see cref="Utf8JsonReader"/> walks it (RFC 8725 §3.10 / RFC 7515 §5.2: a JOSE header or claim
/// set with duplicate names is rejected, never "last one wins"). Names are compared after
/// unescaping, so <c>"sub"</c> and <c>"\u0073ub"</c> collide. Buffers come from the array pool.
/// </summary>
internal struct JsonNameTracker : IDisposable
{
    private byte[] _names;
    private int[] _entries;   // (start, length) pairs into _names
    private int[] _scopes;    // (entry count, names length) at each open object
    private int _nameBytes;
    private int _entryCount;
    private int _depth;

    // One set of scratch arrays per thread serves every document up to this size without
    // touching the shared pool (the verifier reads two documents per token).
    private const int ScratchDocumentLength = 4096;
    private const int ScratchDepth = 64;

    [ThreadStatic]
    private static Scratch? t_scratch;

    private bool _usesScratch;

    public JsonNameTracker(int documentLength, int maxDepth)
    {
        Scratch? scratch = t_scratch ??= new Scratch();
        if (documentLength <= ScratchDocumentLength && maxDepth <= ScratchDepth && !scratch.InUse)
        {
            scratch.InUse = true;
            _usesScratch = true;
            _names = scratch.Names;
            _entries = scratch.Entries;
            _scopes = scratch.Scopes;
        }
        else
        {
            _usesScratch = false;
            _names = ArrayPool<byte>.Shared.Rent(Math.Max(16, documentLength));
            _entries = ArrayPool<int>.Shared.Rent(2 * (documentLength / 4 + 2));
            _scopes = ArrayPool<int>.Shared.Rent(2 * (maxDepth + 2));
        }

        _nameBytes = 0;
        _entryCount = 0;
        _depth = 0;
    }

    public void EnterObject()
    {
        _scopes[2 * _depth] = _entryCount;
        _scopes[2 * _depth + 1] = _nameBytes;
        _depth++;
    }

    public void ExitObject()
    {
        _depth--;
        _entryCount = _scopes[2 * _depth];
        _nameBytes = _scopes[2 * _depth + 1];
    }

    /// <summary>Records the property name under the reader; false when the current object already has it.</summary>
    public bool TryAdd(ref Utf8JsonReader reader)
    {
        Span<byte> target = _names.AsSpan(_nameBytes);
        int length;
        if (reader.ValueIsEscaped)
        {
            length = reader.CopyString(target);
        }
        else
        {
            ReadOnlySpan<byte> raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
            raw.CopyTo(target);
            length = raw.Length;
        }

        ReadOnlySpan<byte> name = _names.AsSpan(_nameBytes, length);
        int scopeStart = _depth == 0 ? 0 : _scopes[2 * (_depth - 1)];
        for (int i = scopeStart; i < _entryCount; i++)
        {
            if (_entries[2 * i + 1] == length && name.SequenceEqual(_names.AsSpan(_entries[2 * i], length)))
            {
                return false;
            }
        }

        _entries[2 * _entryCount] = _nameBytes;
        _entries[2 * _entryCount + 1] = length;
        _entryCount++;
        _nameBytes += length;
        return true;
    }

    public void Dispose()
    {
        if (_names is null)
        {
            return;
        }

        if (_usesScratch)
        {
            t_scratch!.InUse = false;
        }
        else
        {
            ArrayPool<byte>.Shared.Return(_names);
            ArrayPool<int>.Shared.Return(_entries);
            ArrayPool<int>.Shared.Return(_scopes);
        }

        _names = null!;
    }

    private sealed class Scratch
    {
        public readonly byte[] Names = new byte[ScratchDocumentLength];
        public readonly int[] Entries = new int[2 * (ScratchDocumentLength / 4 + 2)];
        public readonly int[] Scopes = new int[2 * (ScratchDepth + 2)];
        public bool InUse;
    }
}
