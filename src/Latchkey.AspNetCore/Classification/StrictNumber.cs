namespace Latchkey.AspNetCore.Classification;

/// <summary>
/// Strict integer parsing for cookie values (<c>__client_uat</c>, <c>__clerk_redirect_count</c>):
/// ASCII digits only, no sign, no spaces, no exponent, no hex, bounded length. Anything else
/// counts as absent (0), where the reference would read a prefix (<c>parseInt("12abc") = 12</c>).
/// </summary>
internal static class StrictNumber
{
    /// <summary>The value's number, or 0 when it is empty, longer than <paramref name="maxDigits"/> or not all ASCII digits.</summary>
    /// <param name="value">The text (a null string converts to empty).</param>
    /// <param name="maxDigits">The most digits accepted.</param>
    public static long ParseOrZero(ReadOnlySpan<char> value, int maxDigits)
    {
        if (value.IsEmpty || value.Length > maxDigits)
        {
            return 0;
        }

        long result = 0;
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return 0;
            }

            result = (result * 10) + (c - '0');
        }

        return result;
    }
}
