namespace Latchkey.Server.FrontendApi.Errors;

/// <summary>A value or an <see cref="ApiError"/>: services return outcomes, not exceptions.</summary>
internal readonly record struct Outcome<T>
{
    private Outcome(T? value, ApiError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public ApiError? Error { get; }

    public bool Failed => Error is not null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    /// <summary>A success; for interface-typed values, which C# cannot convert implicitly.</summary>
    public static Outcome<T> From(T value) => new(value, null);

    public static implicit operator Outcome<T>(ApiError error) => new(default, error);
}
