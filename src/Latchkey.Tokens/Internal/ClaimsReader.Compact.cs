using System.Text;

namespace Latchkey.Tokens.Internal;

/// <summary>
/// The compact reader: one forward scan over the claim set as minters write it, with no
/// <see cref="System.Text.Json.Utf8JsonReader"/>. It accepts only a small subset of JSON, and
/// within it only claim sets the full reader accepts with the same values:
/// <list type="bullet">
/// <item>one object with no whitespace, closing at the last byte;</item>
/// <item>member names of 1 to 15 lower-case letters or underscores, each a known scalar claim
/// (<c>sub</c>, <c>sid</c>, <c>iss</c>, <c>azp</c>, <c>jti</c>, <c>sts</c>, <c>pla</c>,
/// <c>fea</c>, <c>exp</c>, <c>nbf</c>, <c>iat</c>, <c>v</c>, and <c>fva</c> as two integers),
/// none twice;</item>
/// <item>string values without a backslash or a control character (the whole document was
/// already checked to be valid UTF-8);</item>
/// <item>integer values without sign, fraction, exponent or leading zero, inside the range the
/// full reader applies.</item>
/// </list>
/// Anything else (another claim, an array or object, an escape, whitespace, a wrong type, a
/// duplicate, an out-of-range value, a syntax error) makes it give up without a verdict, and the
/// full reader reads the document from the start and gives its own answer and message.
/// </summary>
internal static partial class ClaimsReader
{
    private const int MaxCompactNameLength = 15;
    private const int MaxCompactDigits = 12; // MaxNumericDate has 12 digits

    internal static bool TryReadCompact(byte[] json, KnownValues? known, out SessionClaims? claims, out TimeValues times)
    {
        claims = null;
        times = default;
        ReadOnlySpan<byte> text = json;
        if (text.Length < 2 || text[0] != (byte)'{' || text[^1] != (byte)'}')
        {
            return false;
        }

        Utf8String sub = Utf8String.Absent, sid = Utf8String.Absent, jti = Utf8String.Absent, sts = Utf8String.Absent;
        string? iss = null, azp = null, pla = null, fea = null;
        FactorVerificationAge? fva = null;
        int version = 1;
        uint seen = 0;
        int i = 1;
        while (true)
        {
            // "name":
            if (i >= text.Length || text[i] != (byte)'"')
            {
                return false;
            }

            int nameStart = ++i;
            while (i < text.Length && (uint)(text[i] - 'a') <= 'z' - 'a' || i < text.Length && text[i] == (byte)'_')
            {
                i++;
            }

            int nameLength = i - nameStart;
            if (nameLength is 0 or > MaxCompactNameLength || i + 1 >= text.Length || text[i] != (byte)'"' || text[i + 1] != (byte)':')
            {
                return false;
            }

            Claim claim = IdentifyName(text.Slice(nameStart, nameLength));
            uint bit = 1u << (int)claim;
            if ((seen & bit) != 0)
            {
                return false;
            }

            seen |= bit;
            i += 2;
            switch (claim)
            {
                case Claim.Sub or Claim.Sid or Claim.Jti or Claim.Sts or Claim.Iss or Claim.Azp:
                    if (!TryScanString(text, ref i, out int start, out int length))
                    {
                        return false;
                    }

                    switch (claim)
                    {
                        case Claim.Sub: sub = Utf8String.At(start, length); break;
                        case Claim.Sid: sid = Utf8String.At(start, length); break;
                        case Claim.Jti: jti = Utf8String.At(start, length); break;
                        case Claim.Sts: sts = Utf8String.At(start, length); break;
                        case Claim.Iss: iss = known?.Issuers.Find(text.Slice(start, length)) ?? Encoding.UTF8.GetString(text.Slice(start, length)); break;
                        default: azp = known?.AuthorizedParties.Find(text.Slice(start, length)) ?? Encoding.UTF8.GetString(text.Slice(start, length)); break;
                    }

                    break;
                case Claim.Exp or Claim.Nbf or Claim.Iat:
                    if (!TryScanInteger(text, ref i, out long seconds) || seconds > MaxNumericDate)
                    {
                        return false;
                    }

                    switch (claim)
                    {
                        case Claim.Exp: times.Exp = seconds; break;
                        case Claim.Nbf: times.Nbf = seconds; break;
                        default: times.Iat = seconds; break;
                    }

                    break;
                case Claim.Pla or Claim.Fea:
                    if (!TryScanString(text, ref i, out int textStart, out int textLength))
                    {
                        return false;
                    }

                    string list = Encoding.UTF8.GetString(text.Slice(textStart, textLength));
                    if (claim == Claim.Pla)
                    {
                        pla = list;
                    }
                    else if (CheckFeatures(list) is null)
                    {
                        fea = list;
                    }
                    else
                    {
                        return false;
                    }

                    break;
                case Claim.Fva:
                    // [first,second]: each -1 or a plain integer that fits an int.
                    if (i >= text.Length || text[i] != (byte)'[' || !TryScanFactorAge(text, ref i, out int first)
                        || i >= text.Length || text[i] != (byte)',' || !TryScanFactorAge(text, ref i, out int second)
                        || i >= text.Length || text[i] != (byte)']')
                    {
                        return false;
                    }

                    i++;
                    fva = new FactorVerificationAge(first, second);
                    break;
                case Claim.V:
                    if (!TryScanInteger(text, ref i, out long v) || v is < 1 or > 1000)
                    {
                        return false;
                    }

                    version = (int)v;
                    break;
                default:
                    return false; // an unknown claim or one with a structured or checked value
            }

            // , or the closing brace as the last byte.
            if (i >= text.Length)
            {
                return false;
            }

            if (text[i] == (byte)',')
            {
                i++;
                continue;
            }

            if (text[i] != (byte)'}' || i != text.Length - 1)
            {
                return false;
            }

            break;
        }

        claims = new SessionClaims(json)
        {
            SubjectText = sub, SessionIdText = sid, Issuer = iss, AuthorizedParty = azp, TokenIdText = jti,
            IssuedAt = ToTime(times.Iat), NotBefore = ToTime(times.Nbf), ExpiresAt = ToTime(times.Exp),
            Version = version, SessionStatusText = sts, FactorVerificationAge = fva, Plans = pla, Features = fea,
            // As the full reader: no organization claim; version 1 reads an empty org_permissions.
            V1OrganizationPermissions = version >= 2 ? null : [],
        };
        return true;
    }

    /// <summary>A string value at <paramref name="i"/> with no escape and no control character; <paramref name="i"/> moves past it.</summary>
    private static bool TryScanString(ReadOnlySpan<byte> text, ref int i, out int start, out int length)
    {
        start = i + 1;
        length = 0;
        if (i >= text.Length || text[i] != (byte)'"')
        {
            return false;
        }

        ReadOnlySpan<byte> rest = text[start..];
        int end = rest.IndexOfAny((byte)'"', (byte)'\\');
        if (end < 0 || rest[end] != (byte)'"' || rest[..end].IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0)
        {
            return false;
        }

        length = end;
        i = start + end + 1;
        return true;
    }

    /// <summary>After the <c>[</c> or <c>,</c> at <paramref name="i"/>: <c>-1</c> or a plain integer up to <see cref="int.MaxValue"/>, followed by <c>,</c> or <c>]</c>.</summary>
    private static bool TryScanFactorAge(ReadOnlySpan<byte> text, ref int i, out int minutes)
    {
        minutes = 0;
        int start = ++i;
        if (text[start..].StartsWith("-1"u8))
        {
            i += 2;
            minutes = -1;
        }
        else
        {
            long value = 0;
            while (i < text.Length && (uint)(text[i] - '0') <= 9 && i - start < 10)
            {
                value = value * 10 + (text[i] - '0');
                i++;
            }

            int digits = i - start;
            if (digits == 0 || (digits > 1 && text[start] == (byte)'0') || value > int.MaxValue)
            {
                return false;
            }

            minutes = (int)value;
        }

        return i < text.Length && text[i] is (byte)',' or (byte)']';
    }

    /// <summary>A non-negative integer of at most 12 digits without a leading zero, followed by <c>,</c> or <c>}</c>.</summary>
    private static bool TryScanInteger(ReadOnlySpan<byte> text, ref int i, out long value)
    {
        value = 0;
        int start = i;
        while (i < text.Length && (uint)(text[i] - '0') <= 9 && i - start < MaxCompactDigits + 1)
        {
            value = value * 10 + (text[i] - '0');
            i++;
        }

        int digits = i - start;
        return digits is > 0 and <= MaxCompactDigits
            && (digits == 1 || text[start] != (byte)'0')
            && i < text.Length && text[i] is (byte)',' or (byte)'}';
    }
}
