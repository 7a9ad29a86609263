using System.Globalization;
using System.Text.Json;
using Latchkey.Cli.Diagnostics;
using Latchkey.Cli.Infrastructure;
using Latchkey.Tokens;

namespace Latchkey.Cli.Commands.Token.Verify;

/// <summary>
/// Advice computed from the token at hand, next to the general <see cref="ReasonGuide"/>:
/// the issuer or authorized party the token names, the key ids on both sides of a kid
/// mismatch, the <c>--now</c> value that judges an expired token as of its issue time.
/// Values taken from an unverified token are labelled so.
/// </summary>
internal static class ReasonHints
{
    public static IReadOnlyList<string> For(TokenVerificationResult result, TokenVerifyRequest request, LoadedKeys keys, TokenInspection inspection, IReadOnlyList<TimeClaimView> times)
    {
        var hints = new List<string>();
        if (result.IsValid)
        {
            if (request.NoIssuerCheck && result.Claims?.Issuer is { } verifiedIssuer)
            {
                hints.Add($"The issuer was not checked; the token's iss is \"{verifiedIssuer}\". Pass --issuer {ShellWord(verifiedIssuer)} if that is the instance you expect.");
            }

            return hints;
        }

        JsonElement? header = inspection.Header?.Json;
        JsonElement? claims = inspection.Payload?.Json;
        switch (result.Reason)
        {
            case ReasonCodes.TokenInvalidIssuer when String(claims, "iss") is { } iss:
                hints.Add($"The token's iss is \"{iss}\". If that is your instance's Frontend API URL, run again with --issuer {ShellWord(iss)}.");
                break;
            case ReasonCodes.TokenInvalidAuthorizedParties when String(claims, "azp") is { } azp:
                hints.Add($"The token's azp is \"{azp}\". If that origin is your app, add --authorized-party {ShellWord(azp)}.");
                break;
            case ReasonCodes.JwkKidMismatch:
                string kid = String(header, "kid") is { } k ? $"\"{k}\"" : "absent";
                hints.Add($"The token's kid is {kid} (unverified); the key set holds {string.Join(", ", keys.Kids.Select(x => $"\"{x}\""))}.");
                break;
            case ReasonCodes.TokenInvalidSignature:
                hints.Add(keys.Set.IsPemMode
                    ? "In PEM mode the key is used whatever the kid says: the token was signed by another key, or altered."
                    : $"The key \"{String(header, "kid")}\" exists in the key set, but it did not sign this token (another key with the same kid, or the token was altered).");
                break;
            case ReasonCodes.TokenExpired when times.FirstOrDefault(t => t.Name == "iat")?.Seconds is { } iat:
                hints.Add($"To check everything else as of the moment it was issued, add --now {iat.ToString("0.###", CultureInfo.InvariantCulture)}.");
                break;
            case ReasonCodes.TokenNotActiveYet or ReasonCodes.TokenIatInTheFuture when request.NowUnixMilliseconds is null:
                string claim = result.Reason == ReasonCodes.TokenNotActiveYet ? "nbf" : "iat";
                TimeClaimView? ahead = times.FirstOrDefault(t => t.Name == claim && t.SecondsFromNow > 0);
                if (ahead is not null)
                {
                    hints.Add($"The token's {ahead.Name} is {DurationText.Format(ahead.SecondsFromNow!.Value)} ahead of this machine's clock: one of the two clocks is wrong.");
                }

                break;
        }

        if (!result.IsValid && result.Key is null && claims is not null)
        {
            hints.Add("The signature did not verify (or was not checked): the claims shown are UNVERIFIED and may be forged.");
        }

        return hints;
    }

    /// <summary>Quotes a value for a POSIX shell when it holds anything beyond URL-safe characters.</summary>
    internal static string ShellWord(string value) =>
        value.Length > 0 && !value.AsSpan().ContainsAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:/@%+=,")
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>A short string member of a decoded object; null when absent, not a string or longer than 256 characters (no advice is built from such values).</summary>
    private static string? String(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: <= 256 } text
            ? text
            : null;
}
