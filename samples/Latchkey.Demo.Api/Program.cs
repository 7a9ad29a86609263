using Latchkey.AspNetCore;
using Latchkey.Demo;
using Latchkey.Demo.Api;

// The demo's API on another origin (http://127.0.0.1:5300). Browsers call it cross-origin with
// `Authorization: Bearer <session token>` (useAuth().getToken(), latchkey.fetch, or the global
// Latchkey.session.getToken()); it answers {userId, sessionId, carrier}.
const string DefaultUrl = "http://127.0.0.1:5300";
var builder = DemoHost.CreateBuilder(args, DefaultUrl);

DemoInstance instance;
try
{
    instance = DemoInstance.Load(builder.Configuration, builder.Environment);
}
catch (InvalidOperationException e)
{
    await Console.Error.WriteLineAsync("Latchkey.Demo.Api: cannot start: " + e.Message);
    return 3;
}

// The web app whose pages call this API (default http://127.0.0.1:5200).
var webApp = DemoHost.Origin(builder.Configuration["Demo:WebAppUrl"] ?? "http://127.0.0.1:5200");

builder.Services.AddAuthentication().AddLatchkey(options =>
{
    instance.Configure(options);
    // Only tokens minted for the web app's pages (azp) are accepted.
    if (options.AuthorizedParties.Count == 0)
    {
        options.AuthorizedParties.Add(webApp);
    }

    // An API never redirects: a stale token is a 401 with the reason, and the SDK retries.
    options.HandshakeMode = LatchkeyHandshakeMode.Never;
});
builder.Services.AddAuthorization();
builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
    .WithOrigins(webApp)
    .AllowCredentials()
    .WithMethods("GET", "POST")
    .WithHeaders("Authorization", "Content-Type")
    // Without these a page cannot read why a call was refused (readAuthReason).
    .WithExposedHeaders("WWW-Authenticate", "x-clerk-auth-status", "x-clerk-auth-reason", "x-clerk-auth-message")));

var app = builder.Build();
app.UseCors();
app.UseMiddleware<BearerOnlyMiddleware>();
app.UseAuthentication();
app.UseAuthorization();
app.MapGet("/api/me", WhoAmI.From).RequireAuthorization();
app.MapGet("/healthz", () => Results.Text("ok"));
await app.RunAsync();
return 0;
