using Latchkey.Server.FrontendApi.Errors;

namespace Latchkey.Server.FrontendApi.Http;

/// <summary>
/// clerk-js sends PUT, PATCH and DELETE as POST with <c>?_method=...</c> so that CORS
/// requests stay "simple" (protocol.md §9.1). Applied before routing; only on POST.
/// </summary>
internal sealed class MethodOverrideMiddleware(RequestDelegate next)
{
    public const string QueryName = "_method";

    public Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Query.TryGetValue(QueryName, out var values))
        {
            var method = values.Count == 1 ? values[0]?.ToUpperInvariant() : null;
            if (method is not ("PUT" or "PATCH" or "DELETE" or "POST"))
            {
                return ErrorEnvelope.WriteAsync(context, new ApiError(400, ErrorCodes.MethodOverrideInvalid, "Invalid _method",
                    "_method may be PUT, PATCH or DELETE, once.", QueryName));
            }

            context.Request.Method = method;
        }

        return next(context);
    }
}
