using Latchkey.Server.BackendApi.Http;
using Latchkey.Server.FrontendApi.Errors;

namespace Latchkey.Server.Hosting;

/// <summary>
/// The shape of a 503 while the database is unavailable: endpoints only Latchkey has (instance
/// administration, the revocation feed) answer RFC 7807 problem details; the Frontend and
/// Backend APIs answer the protocol's envelope and hosted pages an HTML page (written by the
/// exception handler's common path). Every shape carries <c>Retry-After</c>.
/// </summary>
internal static class StoreUnavailableAnswer
{
    /// <summary>Writes the problem details when the endpoint speaks them; false when the caller writes the envelope or page.</summary>
    public static async Task<bool> TryWriteProblemAsync(HttpContext context, ApiError answer)
    {
        if (HostedPages.PageErrorPage.RoutedEndpoint(context)?.Metadata.GetMetadata<LatchkeyOnlyEndpoint>() is null)
        {
            return false;
        }

        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await BackendResults.Problem(context, answer).ExecuteAsync(context);
        return true;
    }
}
