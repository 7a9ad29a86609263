using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Latchkey.Server.FrontendApi.Http;

/// <summary>
/// Turns store conflicts into a clear 409 (the transaction was rolled back, nothing was
/// half-written): a concurrency-token mismatch when two requests changed the same row, or a
/// unique index refusing a duplicate that a concurrent request created first.
/// </summary>
internal sealed class StoreErrorFilter(ILogger<StoreErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (DbUpdateException e) when (StoreConflicts.IsConflict(e))
        {
            Log.ConcurrencyConflict(logger, context.HttpContext.Request.Path);
            return ErrorEnvelope.Result(ApiErrors.Conflict(), context.HttpContext);
        }
    }
}
