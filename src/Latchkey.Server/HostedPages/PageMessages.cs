using System.Globalization;
using Latchkey.Server.FrontendApi.Errors;

namespace Latchkey.Server.HostedPages;

/// <summary>An error as a page shows it: the stable code (for tests and scripts) and a sentence for people.</summary>
internal sealed record PageError(string Code, string Message);

/// <summary>
/// Turns the services' <see cref="ApiError"/>s (written for API callers) into sentences for the
/// person at the form. The code is kept unchanged in the page's <c>data-error-code</c>.
/// </summary>
internal static class PageMessages
{
    public const string FormUnreadable = "The form could not be read. Reload the page and try again.";

    /// <summary>The message for <paramref name="error"/> shown next to the field labelled <paramref name="label"/> (null: form-level).</summary>
    public static PageError For(ApiError error, string? label = null)
    {
        var what = label is null ? "details" : char.ToLowerInvariant(label[0]) + label[1..];
        var message = error.Code switch
        {
            ErrorCodes.FormParamMissing => $"Enter your {what}.",
            ErrorCodes.FormParamFormatInvalid => error.ParamName switch
            {
                "email_address" => "Enter a valid email address, like ada@example.com.",
                "username" => "Usernames have 3 to 64 letters, digits, '_', '-' or '.'.",
                "first_name" or "last_name" => "Names can't contain control characters.",
                "code" => "Enter the 6 digits from the email.",
                "identifier" => "Enter your email address or username.",
                _ => FormUnreadable,
            },
            ErrorCodes.FormParamExceedsAllowedSize => label is null ? "A value is too long." : $"{label} is too long.",
            ErrorCodes.FormPasswordIncorrect => "The email address, username or password is incorrect.",
            ErrorCodes.FormCodeIncorrect => error.Meta?.GetValueOrDefault("attempts_remaining") is int left and > 0
                ? $"That code is incorrect. You can try {Count(left, "more time", "more times")}."
                : "That code is incorrect.",
            ErrorCodes.VerificationExpired => "This code has expired. Send a new code.",
            ErrorCodes.VerificationFailed => "Too many wrong codes. Send a new code.",
            ErrorCodes.VerificationNotPrepared => "No code has been sent yet. Send a code.",
            ErrorCodes.UserLocked => $"Too many failed attempts. Try again in {Duration(error.RetryAfterSeconds)}.",
            ErrorCodes.TooManyRequests => $"Too many attempts. Try again in {Duration(error.RetryAfterSeconds)}.",
            ErrorCodes.StrategyNotAllowed => "Sign-in codes go to email addresses. Enter your email address, or sign in with your password.",
            ErrorCodes.UserBanned => "This account is banned. Contact the administrator.",
            ErrorCodes.EmailDeliveryFailed => "We couldn't send the email. Try again in a moment.",
            ErrorCodes.CsrfTokenInvalid or ErrorCodes.OriginInvalid => "This form has expired or was sent from another site. Reload the page and try again.",
            ErrorCodes.Conflict => "Something changed while you were submitting. Try again.",
            ErrorCodes.RedirectUrlInvalid => "The link you followed would send you on to a site this server does not trust.",
            ErrorCodes.SessionNotFound => "That session was not found; it may have signed out already.",
            ErrorCodes.RequestBodyInvalid or ErrorCodes.RequestBodyTooLarge or ErrorCodes.UnsupportedMediaType
                or ErrorCodes.FormParamValueInvalid or ErrorCodes.MethodOverrideInvalid => FormUnreadable,
            ErrorCodes.InternalError => "Something went wrong on our side. Try again in a moment.",
            _ => error.LongMessage,
        };
        return new PageError(error.Code, message);
    }

    /// <summary>"45 seconds", "1 minute", "15 minutes".</summary>
    public static string Duration(int? seconds)
    {
        var value = Math.Max(1, seconds ?? 60);
        return value < 60 ? Count(value, "second", "seconds") : Count((value + 59) / 60, "minute", "minutes");
    }

    /// <summary>"just now", "5 minutes ago", "3 hours ago", "2 days ago".</summary>
    public static string Ago(TimeSpan elapsed) => elapsed.TotalMinutes switch
    {
        < 1 => "just now",
        < 60 => Count((int)elapsed.TotalMinutes, "minute", "minutes") + " ago",
        < 60 * 24 => Count((int)elapsed.TotalHours, "hour", "hours") + " ago",
        _ => Count((int)elapsed.TotalDays, "day", "days") + " ago",
    };

    private static string Count(int value, string singular, string plural) =>
        value.ToString(CultureInfo.InvariantCulture) + " " + (value == 1 ? singular : plural);
}
