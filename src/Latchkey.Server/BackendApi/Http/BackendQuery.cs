using System.Globalization;
using Latchkey.Server.FrontendApi.Errors;
using Microsoft.Extensions.Primitives;

namespace Latchkey.Server.BackendApi.Http;

/// <summary>
/// The query string of a Backend API list call: only known parameters (an unknown filter is 422
/// <c>form_param_unknown</c>, never silently ignored, so a typo cannot widen a result), repeated
/// keys for lists (what <c>@clerk/backend</c> sends), and the paging parameters
/// <c>limit</c> (1–500, default 10), <c>offset</c> (≥ 0) and <c>paginated</c>.
/// </summary>
internal sealed class BackendQuery
{
    private readonly IQueryCollection _query;

    private BackendQuery(IQueryCollection query, int limit, int offset, bool paginated)
    {
        _query = query;
        Limit = limit;
        Offset = offset;
        Paginated = paginated;
    }

    public int Limit { get; }

    public int Offset { get; }

    /// <summary>Whether the caller asked for <c>{data, total_count}</c> instead of a bare array.</summary>
    public bool Paginated { get; }

    public static Outcome<BackendQuery> Parse(IQueryCollection query, IReadOnlySet<string> allowed)
    {
        foreach (var (key, _) in query)
        {
            if (key is not ("limit" or "offset" or "paginated") && !allowed.Contains(key))
            {
                var shown = key.Length > 64 ? key[..64] : key;
                return new ApiError(422, ErrorCodes.FormParamUnknown, $"{shown} is not a known parameter",
                    $"This endpoint filters by: {string.Join(", ", allowed.Order(StringComparer.Ordinal))}; pages with limit, offset and paginated.", shown);
            }
        }

        var limit = Int(query, "limit", BackendNames.DefaultLimit, 1, BackendNames.MaxLimit);
        if (limit.Failed)
        {
            return limit.Error!;
        }

        var offset = Int(query, "offset", 0, 0, int.MaxValue);
        if (offset.Failed)
        {
            return offset.Error!;
        }

        var paginated = Bool(query, "paginated");
        if (paginated.Failed)
        {
            return paginated.Error!;
        }

        return new BackendQuery(query, limit.Value, offset.Value, paginated.Value);
    }

    /// <summary>One value of a parameter, or null; sent twice is 422.</summary>
    public Outcome<string?> Single(string name, int maxLength)
    {
        var values = _query[name];
        if (values.Count == 0)
        {
            return (string?)null;
        }

        if (values.Count > 1)
        {
            return ApiErrors.Invalid(name, $"{name} may be sent once.");
        }

        var value = values[0] ?? string.Empty;
        return value.Length > maxLength ? ApiErrors.TooLong(name, maxLength) : value;
    }

    /// <summary>Every value of a repeated parameter (at most 100), or null when absent.</summary>
    public Outcome<List<string>?> Many(string name, int maxLength)
    {
        var values = _query[name];
        if (values.Count == 0)
        {
            return (List<string>?)null;
        }

        if (values.Count > BackendNames.MaxFilterValues)
        {
            return ApiErrors.Invalid(name, $"{name} accepts at most {BackendNames.MaxFilterValues} values.");
        }

        var list = new List<string>(values.Count);
        foreach (var value in values)
        {
            if ((value ?? string.Empty).Length > maxLength)
            {
                return ApiErrors.TooLong(name, maxLength);
            }

            list.Add(value ?? string.Empty);
        }

        return list;
    }

    /// <summary>A Unix-milliseconds timestamp parameter, or null when absent.</summary>
    public Outcome<DateTimeOffset?> Time(string name)
    {
        var single = Single(name, 20);
        if (single.Failed)
        {
            return single.Error!;
        }

        if (single.Value is null)
        {
            return (DateTimeOffset?)null;
        }

        return long.TryParse(single.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : ApiErrors.Invalid(name, $"{name} is a time in Unix milliseconds, e.g. 1700000000000.");
    }

    private static Outcome<int> Int(IQueryCollection query, string name, int fallback, int min, int max)
    {
        StringValues values = query[name];
        if (values.Count == 0)
        {
            return fallback;
        }

        if (values.Count > 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            return ApiErrors.ValueInvalid(name, max == int.MaxValue ? $"{name} is a whole number from {min}." : $"{name} is a whole number from {min} to {max}.");
        }

        return value;
    }

    private static Outcome<bool> Bool(IQueryCollection query, string name)
    {
        var values = query[name];
        if (values.Count == 0)
        {
            return false;
        }

        return values.Count == 1 && values[0] is "true" or "false"
            ? values[0] == "true"
            : ApiErrors.ValueInvalid(name, $"{name} is true or false.");
    }
}
