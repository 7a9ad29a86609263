using Latchkey.Server.FrontendApi.Errors;

namespace Latchkey.Server.HostedPages;

/// <summary>
/// What a form shows when it is rendered again: the values the person typed (never a
/// password) and the errors, each under the field it belongs to or under
/// <see cref="PageNames.FormLevel"/>.
/// </summary>
internal sealed class FormState
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PageError> _errors = new(StringComparer.Ordinal);

    public static FormState Empty => new();

    public bool HasErrors => _errors.Count > 0;

    public PageError? FormError => Error(PageNames.FormLevel);

    /// <summary>The status code of the answer that shows this form (the first error's, 200 without errors).</summary>
    public int Status { get; private set; } = StatusCodes.Status200OK;

    /// <summary>Seconds for <c>Retry-After</c> when an error asked for one.</summary>
    public int? RetryAfterSeconds { get; private set; }

    public string? Value(string name) => _values.GetValueOrDefault(name);

    public PageError? Error(string name) => _errors.GetValueOrDefault(name);

    public FormState With(string name, string? value)
    {
        _values[name] = value;
        return this;
    }

    /// <summary>
    /// Files <paramref name="error"/> under its parameter when that is one of <paramref name="fields"/>
    /// (name → label), else under <paramref name="fallbackField"/> for credential errors that
    /// have no parameter (lockout, rate limit, wrong code...), else at form level.
    /// </summary>
    public FormState WithError(ApiError error, IReadOnlyDictionary<string, string> fields, string? fallbackField)
    {
        var field = error.ParamName is { } param && fields.ContainsKey(param) ? param
            : fallbackField is not null && IsCredentialError(error.Code) ? fallbackField
            : PageNames.FormLevel;
        var label = field == PageNames.FormLevel ? null : fields[field];
        _errors.TryAdd(field, PageMessages.For(error, label));
        if (Status == StatusCodes.Status200OK)
        {
            Status = error.Status;
            RetryAfterSeconds = error.RetryAfterSeconds;
        }

        return this;
    }

    private static bool IsCredentialError(string code) => code is ErrorCodes.UserLocked or ErrorCodes.TooManyRequests
        or ErrorCodes.FormPasswordIncorrect or ErrorCodes.FormCodeIncorrect or ErrorCodes.VerificationExpired
        or ErrorCodes.VerificationFailed or ErrorCodes.VerificationNotPrepared or ErrorCodes.StrategyNotAllowed
        or ErrorCodes.UserBanned or ErrorCodes.FormIdentifierExists;
}
