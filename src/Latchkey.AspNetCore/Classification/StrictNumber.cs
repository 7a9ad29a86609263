namespace Latchkey.AspNetCore.Classification;

/// <summary>
/// Strict integer parsing for cookie values (<c>__client_uat</c>, <c>__clerk_redirect_count</c>):
/// ASCII digits only, no sign, no spaces, no exponent, no hex, bounded length. Anything else
/// counts as absent (0), where the reference would read a prefix (<c>parseInt("12abc") = 12</c>).
/// </summary>
internal static class StrictNumber
{
    public static long ParseOrZero(string? value, int maxDigits)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxDigits)
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
