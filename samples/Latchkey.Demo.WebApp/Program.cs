using Latchkey.Demo;
using Latchkey.Demo.WebApp;

// The demo's web app (http://127.0.0.1:5200): serves the React page (ClientApp, built by Vite)
// and its own /api endpoints, which the page calls same-origin: the browser sends the
// __session cookie that @latchkey/js keeps fresh, and Latchkey.AspNetCore reads it.
const string DefaultUrl = "http://127.0.0.1:5200";
var builder = DemoHost.CreateBuilder(args, DefaultUrl);

DemoInstance instance;
try
{
    instance = DemoInstance.Load(builder.Configuration, builder.Environment);
}
catch (InvalidOperationException e)
{
    await Console.Error.WriteLineAsync("Latchkey.Demo.WebApp: cannot start: " + e.Message);
    return 3;
}

var ownOrigin = DemoHost.OwnOrigin(builder, DefaultUrl);
builder.Services.AddAuthentication().AddLatchkey(options =>
{
    instance.Configure(options);
    // Tokens are accepted only when minted for this app's pages (azp): no other site's token.
    if (options.AuthorizedParties.Count == 0)
    {
        options.AuthorizedParties.Add(ownOrigin);
    }
});
builder.Services.AddAuthorization();
builder.Services.AddSingleton(new DemoPages(instance, builder.Configuration, builder.Environment));

var app = builder.Build();
var pages = app.Services.GetRequiredService<DemoPages>();
// The page's scripts and styles (hashed names) are public; everything else goes through Latchkey,
// so a page navigation with stale cookies is sent through the handshake first.
app.UseStaticFiles(pages.AssetFiles());
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/api/me", WhoAmI.From).RequireAuthorization();
app.MapGet("/", pages.Index);
app.MapGet("/plain", pages.Plain);
app.MapGet("/healthz", () => Results.Text("ok"));
await app.RunAsync();
return 0;
