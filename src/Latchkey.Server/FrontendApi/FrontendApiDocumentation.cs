using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Json;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Latchkey.Server.FrontendApi;

/// <summary>
/// OpenAPI names, summaries and answer types of the Frontend API, applied as a group convention
/// (one table, so the endpoint files stay about behaviour). An endpoint missing here is still
/// described, with its route only.
/// </summary>
internal static class FrontendApiDocumentation
{
    public const string Tag = "Frontend API";

    private static readonly Dictionary<(string Method, string Pattern), (string Name, string Summary, Type? Answer)> Operations = new()
    {
        [("GET", "/v1/environment")] = ("GetEnvironment", "The instance configuration the browser SDK reads", typeof(Dictionary<string, object>)),
        [("PATCH", "/v1/environment")] = ("TouchEnvironment", "Same as GET (clerk-js' touch variant)", typeof(Dictionary<string, object>)),
        [("GET", "/v1/client")] = ("GetClient", "The current client (browser) with its signed-in sessions", typeof(EnvelopeJson)),
        [("PUT", "/v1/client")] = ("CreateClient", "Create a client, or return the current one", typeof(EnvelopeJson)),
        [("DELETE", "/v1/client")] = ("DestroyClient", "End every session and forget the client", typeof(EnvelopeJson)),
        [("DELETE", "/v1/client/sessions")] = ("SignOutAll", "Sign out every session of the client", typeof(EnvelopeJson)),
        [("POST", "/v1/dev_browser")] = ("CreateDevBrowser", "Development instances: a dev-browser token bound to a client", typeof(Dictionary<string, object>)),
        [("POST", "/v1/client/sign_ups")] = ("CreateSignUp", "Start a sign-up (email_address, password, names, username)", typeof(EnvelopeJson)),
        [("GET", "/v1/client/sign_ups/{id}")] = ("GetSignUp", "Read a sign-up", typeof(EnvelopeJson)),
        [("PATCH", "/v1/client/sign_ups/{id}")] = ("UpdateSignUp", "Update a sign-up's fields", typeof(EnvelopeJson)),
        [("POST", "/v1/client/sign_ups/{id}/prepare_verification")] = ("PrepareSignUpVerification", "Mail a 6-digit code (strategy=email_code)", typeof(EnvelopeJson)),
        [("POST", "/v1/client/sign_ups/{id}/attempt_verification")] = ("AttemptSignUpVerification", "Check the code; completes the sign-up when a password is set", typeof(EnvelopeJson)),
        [("POST", "/v1/client/sign_ins")] = ("CreateSignIn", "Start a sign-in (identifier, optionally password)", typeof(EnvelopeJson)),
        [("GET", "/v1/client/sign_ins/{id}")] = ("GetSignIn", "Read a sign-in", typeof(EnvelopeJson)),
        [("POST", "/v1/client/sign_ins/{id}/prepare_first_factor")] = ("PrepareFirstFactor", "Mail a sign-in code (strategy=email_code)", typeof(EnvelopeJson)),
        [("POST", "/v1/client/sign_ins/{id}/attempt_first_factor")] = ("AttemptFirstFactor", "Check a password or a code", typeof(EnvelopeJson)),
        [("POST", "/v1/client/sessions/{id}/touch")] = ("TouchSession", "Make the session the last active one", typeof(EnvelopeJson)),
        [("POST", "/v1/client/sessions/{id}/end")] = ("EndSession", "Sign out this session (status ended)", typeof(EnvelopeJson)),
        [("POST", "/v1/client/sessions/{id}/remove")] = ("RemoveSession", "Remove the session from the client (status removed)", typeof(EnvelopeJson)),
        [("POST", "/v1/client/sessions/{id}/tokens")] = ("CreateClientSessionToken", "Mint a session token for a session of this client", typeof(TokenJson)),
        [("POST", "/v1/client/sessions/{id}/tokens/{template}")] = ("CreateClientSessionTemplateToken", "JWT templates do not exist yet: 404 template_not_found", typeof(TokenJson)),
        [("GET", "/v1/client/handshake")] = ("Handshake", "Handshake: decide app cookies, store them under a nonce (format=nonce) or sign them (no format: legacy payload), redirect back (307)", null),
    };

    /// <summary>The group convention: tag, name, summary and answer types of each known endpoint.</summary>
    public static void Annotate(EndpointBuilder builder)
    {
        builder.Metadata.Add(new TagsAttribute(Tag));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status422UnprocessableEntity, typeof(ErrorEnvelope.EnvelopeJson), [ErrorEnvelope.JsonContentType]));
        if (builder is not RouteEndpointBuilder route || builder.Metadata.OfType<HttpMethodMetadata>().FirstOrDefault() is not { } methods)
        {
            return;
        }

        var pattern = "/" + string.Join('/', route.RoutePattern.PathSegments.Select(Segment));
        foreach (var method in methods.HttpMethods)
        {
            if (Operations.TryGetValue((method, pattern), out var operation))
            {
                builder.Metadata.Add(new EndpointNameMetadata(operation.Name));
                builder.Metadata.Add(new RouteNameMetadata(operation.Name));
                builder.Metadata.Add(new EndpointSummaryAttribute(operation.Summary));
                builder.Metadata.Add(operation.Answer is null
                    ? new ProducesResponseTypeMetadata(StatusCodes.Status307TemporaryRedirect, typeof(void))
                    : new ProducesResponseTypeMetadata(StatusCodes.Status200OK, operation.Answer, ["application/json"]));
                return;
            }
        }
    }

    private static string Segment(RoutePatternPathSegment segment) =>
        string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            _ => string.Empty,
        }));
}
