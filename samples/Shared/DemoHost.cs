namespace Latchkey.Demo;

/// <summary>Start-up plumbing shared by the demo apps: default address and own origin.</summary>
internal static class DemoHost
{
    /// <summary>
    /// A builder that listens on <paramref name="defaultUrl"/> unless <c>urls</c> /
    /// <c>ASPNETCORE_URLS</c> says otherwise (<c>./run-demo.sh</c> sets it from its port variables).
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, string defaultUrl)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(defaultUrl);
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        return builder;
    }

    /// <summary>The origin the app serves (the first of its <c>urls</c>), e.g. <c>http://127.0.0.1:5200</c>.</summary>
    public static string OwnOrigin(WebApplicationBuilder builder, string defaultUrl)
    {
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        var first = string.IsNullOrEmpty(urls) ? defaultUrl : urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        return Origin(first);
    }

    /// <summary>The origin (<c>scheme://host:port</c>) of a URL, without path or trailing slash.</summary>
    public static string Origin(string url) =>
        new Uri(url, UriKind.Absolute).GetLeftPart(UriPartial.Authority);
}
