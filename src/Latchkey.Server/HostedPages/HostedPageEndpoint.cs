namespace Latchkey.Server.HostedPages;

/// <summary>
/// Endpoint metadata marking a hosted page, with its canonical path. Middleware that answers
/// before the page runs (rate limiter, exception handler) looks for it and renders an HTML
/// error page instead of the API's JSON envelope.
/// </summary>
internal sealed record HostedPageEndpoint(string Path);
