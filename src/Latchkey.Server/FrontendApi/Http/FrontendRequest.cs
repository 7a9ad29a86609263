using Latchkey.Server.Configuration;
using Latchkey.Server.FrontendApi.Errors;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.FrontendApi.Http;

/// <summary>Reads a request's fields with the configured limits.</summary>
internal sealed class FrontendRequest(IOptions<LatchkeyServerOptions> options)
{
    public Task<Outcome<RequestFields>> FieldsAsync(HttpContext http) =>
        RequestFields.ReadAsync(http, options.Value.MaxRequestBodyBytes);
}
