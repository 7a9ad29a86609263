using System.Linq.Expressions;
using Latchkey.Server.BackendApi.Http;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Latchkey.Server.Users;

namespace Latchkey.Server.BackendApi.Users;

/// <summary>
/// The filters and orders of <c>GET /v1/users</c> and <c>GET /v1/users/count</c> (the parameters of
/// <c>@clerk/backend</c>'s <c>UserListParams</c>). Email addresses and user names match exactly
/// (case-insensitive), in the list and in the count alike, so a page's <c>total_count</c> counts
/// what the list pages through. Filters on things Latchkey users never have (phone numbers, web3
/// wallets, external ids, organizations) are accepted and match nobody.
/// </summary>
internal static class UserQuery
{
    private static readonly string[] NeverMatching = ["phone_number", "web3_wallet", "external_id", "organization_id"];

    /// <summary>Parameters of the count (and of the list, which adds <c>order_by</c>).</summary>
    public static IReadOnlySet<string> CountParameters { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "email_address", "user_id", "username", "query", "phone_number", "web3_wallet", "external_id", "organization_id",
        "created_at_before", "created_at_after", "last_sign_in_at_before", "last_sign_in_at_after",
        "last_active_at_before", "last_active_at_after", "last_active_at_since",
    };

    public static IReadOnlySet<string> ListParameters { get; } = new HashSet<string>(CountParameters, StringComparer.Ordinal) { "order_by" };

    public static Outcome<IQueryable<UserEntity>> Filter(LatchkeyDbContext db, IQueryable<UserEntity> users, BackendQuery query)
    {
        var emails = query.Many("email_address", StorageLimits.EmailAddress);
        if (emails.Failed)
        {
            return emails.Error!;
        }

        if (emails.Value is { } addresses)
        {
            var normalized = addresses.Select(Identifiers.Normalize).ToList();
            users = users.Where(u => u.EmailAddresses.Any(e => normalized.Contains(e.NormalizedAddress)));
        }

        var ids = query.Many("user_id", StorageLimits.Id);
        if (ids.Failed)
        {
            return ids.Error!;
        }

        if (ids.Value is { } userIds)
        {
            users = users.Where(u => userIds.Contains(u.Id));
        }

        var names = query.Many("username", StorageLimits.Username);
        if (names.Failed)
        {
            return names.Error!;
        }

        if (names.Value is { } usernames)
        {
            var normalized = usernames.Select(Identifiers.Normalize).ToList();
            users = users.Where(u => u.NormalizedUsername != null && normalized.Contains(u.NormalizedUsername));
        }

        foreach (var name in NeverMatching)
        {
            var values = query.Many(name, StorageLimits.EmailAddress);
            if (values.Failed)
            {
                return values.Error!;
            }

            if (values.Value is not null)
            {
                users = users.Where(u => false);
            }
        }

        var text = query.Single("query", StorageLimits.EmailAddress);
        if (text.Failed)
        {
            return text.Error!;
        }

        if (!string.IsNullOrWhiteSpace(text.Value))
        {
            var q = text.Value.Trim().ToLowerInvariant();
            users = users.Where(u => u.Id.ToLower().Contains(q)
                || (u.NormalizedUsername != null && u.NormalizedUsername.Contains(q))
                || (u.FirstName != null && u.FirstName.ToLower().Contains(q))
                || (u.LastName != null && u.LastName.ToLower().Contains(q))
                || u.EmailAddresses.Any(e => e.NormalizedAddress.Contains(q)));
        }

        return Times(db, users, query);
    }

    private static Outcome<IQueryable<UserEntity>> Times(LatchkeyDbContext db, IQueryable<UserEntity> users, BackendQuery query)
    {
        var parsed = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        foreach (var name in new[] { "created_at_before", "created_at_after", "last_sign_in_at_before", "last_sign_in_at_after", "last_active_at_before", "last_active_at_after", "last_active_at_since" })
        {
            var value = query.Time(name);
            if (value.Failed)
            {
                return value.Error!;
            }

            parsed[name] = value.Value;
        }

        if (parsed["created_at_before"] is { } createdBefore)
        {
            users = users.Where(u => u.CreatedAt < createdBefore);
        }

        // Answers show milliseconds; PostgreSQL stores microseconds. "After t" means a later
        // millisecond than t (>= t + 1 ms), "before t" an earlier one (< t), as a caller comparing
        // the answered values would expect.
        if (parsed["created_at_after"] is { } createdAfter)
        {
            var from = createdAfter.AddMilliseconds(1);
            users = users.Where(u => u.CreatedAt >= from);
        }

        if (parsed["last_sign_in_at_before"] is { } signInBefore)
        {
            users = users.Where(u => u.LastSignInAt != null && u.LastSignInAt < signInBefore);
        }

        if (parsed["last_sign_in_at_after"] is { } signInAfter)
        {
            var from = signInAfter.AddMilliseconds(1);
            users = users.Where(u => u.LastSignInAt != null && u.LastSignInAt >= from);
        }

        // last_active_at is the newest activity of any of the user's sessions.
        if ((parsed["last_active_at_after"] ?? parsed["last_active_at_since"]) is { } activeAfter)
        {
            var from = activeAfter.AddMilliseconds(1);
            users = users.Where(u => db.Sessions.Any(s => s.UserId == u.Id && s.LastActiveAt >= from));
        }

        if (parsed["last_active_at_before"] is { } activeBefore)
        {
            users = users.Where(u => db.Sessions.Any(s => s.UserId == u.Id) && !db.Sessions.Any(s => s.UserId == u.Id && s.LastActiveAt >= activeBefore));
        }

        return Outcome<IQueryable<UserEntity>>.From(users);
    }

    /// <summary>
    /// <c>order_by</c>: a field, optionally prefixed with <c>+</c> (ascending, also the meaning of no
    /// prefix) or <c>-</c> (descending). Default <c>-created_at</c>. Empty values sort last in both
    /// directions on both providers; ties are broken by id, so pages never overlap.
    /// </summary>
    public static Outcome<IQueryable<UserEntity>> Order(LatchkeyDbContext db, IQueryable<UserEntity> users, BackendQuery query)
    {
        var value = query.Single("order_by", 32);
        if (value.Failed)
        {
            return value.Error!;
        }

        var text = string.IsNullOrEmpty(value.Value) ? "-created_at" : value.Value;
        var descending = text[0] == '-';
        var field = text[0] is '-' or '+' ? text[1..] : text;
        IOrderedQueryable<UserEntity>? ordered = field switch
        {
            "created_at" => By(users, u => u.CreatedAt, descending),
            "updated_at" => By(users, u => u.UpdatedAt, descending),
            "first_name" => ByNullable(users, u => u.FirstName, descending),
            "last_name" => ByNullable(users, u => u.LastName, descending),
            "username" => ByNullable(users, u => u.NormalizedUsername, descending),
            "email_address" => ByNullable(users, u => u.EmailAddresses.Where(e => e.Id == u.PrimaryEmailAddressId).Select(e => e.NormalizedAddress).FirstOrDefault(), descending),
            "last_sign_in_at" => ByNullable(users, u => u.LastSignInAt, descending),
            "last_active_at" => ByNullable(users, u => db.Sessions.Where(s => s.UserId == u.Id).Max(s => (DateTimeOffset?)s.LastActiveAt), descending),
            // Latchkey users have neither: every user ties, so the id decides.
            "phone_number" or "web3wallet" => users.OrderBy(u => 0),
            _ => null,
        };
        if (ordered is null)
        {
            return ApiErrors.ValueInvalid("order_by", "order_by is created_at, updated_at, first_name, last_name, username, email_address, last_sign_in_at or last_active_at, optionally prefixed with + or -.");
        }

        return Outcome<IQueryable<UserEntity>>.From(ordered.ThenBy(u => u.Id));
    }

    private static IOrderedQueryable<UserEntity> By<TKey>(IQueryable<UserEntity> users, Expression<Func<UserEntity, TKey>> key, bool descending) =>
        descending ? users.OrderByDescending(key) : users.OrderBy(key);

    private static IOrderedQueryable<UserEntity> ByNullable<TKey>(IQueryable<UserEntity> users, Expression<Func<UserEntity, TKey?>> key, bool descending)
    {
        // (key == null) first, as a bool: false < true puts empty values last whatever the direction.
        var isNull = Expression.Lambda<Func<UserEntity, bool>>(Expression.Equal(key.Body, Expression.Constant(null, key.Body.Type)), key.Parameters);
        var first = users.OrderBy(isNull);
        return descending ? first.ThenByDescending(key) : first.ThenBy(key);
    }
}
