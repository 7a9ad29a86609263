namespace Latchkey.AspNetCore;

/// <summary>
/// Activates an organization from the URL path (protocol.md §5.6 C17, §6.1 <c>organization_id</c>).
/// Patterns match the request path: <c>:id</c> captures an organization id, <c>:slug</c> a slug,
/// <c>:any</c> one segment, and <c>(.*)</c> the rest of the path, e.g. <c>/orgs/:slug</c>,
/// <c>/orgs/:slug/(.*)</c>.
/// </summary>
public sealed class OrganizationSyncOptions
{
    /// <summary>Paths that name an organization by <c>:id</c> or <c>:slug</c>. Default: none.</summary>
    public IList<string> OrganizationPatterns { get; set; } = new List<string>();

    /// <summary>Paths that select the personal account (no active organization). Default: none.</summary>
    public IList<string> PersonalAccountPatterns { get; set; } = new List<string>();
}
