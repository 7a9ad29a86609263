namespace Latchkey.Server.BackendApi.Http;

/// <summary>Header names and defaults of the Backend API (protocol.md §10), in one place.</summary>
internal static class BackendNames
{
    /// <summary>Request header naming the API version the caller speaks; echoed on every answer.</summary>
    public const string ApiVersionHeader = "Clerk-API-Version";

    /// <summary>The version answered when a request names none: the one the pinned SDKs send (protocol.md §0).</summary>
    public const string DefaultApiVersion = "2026-05-12";

    /// <summary>
    /// The exact media type of every JSON answer. <c>@clerk/backend</c> parses a body as JSON only
    /// when <c>Content-Type</c> equals this string (no <c>charset</c> parameter; RFC 8259 defines none).
    /// </summary>
    public const string JsonContentType = "application/json";

    /// <summary>Media type of the Latchkey-only endpoints' RFC 7807 errors.</summary>
    public const string ProblemContentType = "application/problem+json";

    /// <summary>Default page size of list endpoints (Clerk's default).</summary>
    public const int DefaultLimit = 10;

    /// <summary>Largest page size of list endpoints (Clerk's bound).</summary>
    public const int MaxLimit = 500;

    /// <summary>Most values of one repeated list filter (e.g. <c>email_address</c>), as Clerk documents.</summary>
    public const int MaxFilterValues = 100;
}
