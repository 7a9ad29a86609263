using System.Text;
using System.Text.Encodings.Web;
using Latchkey.Server.Email;
using Latchkey.Server.Instance;

namespace Latchkey.Server.Development;

/// <summary>
/// <c>GET /dev/mailbox</c> (HTML) and <c>GET /dev/mailbox.json</c>: the mails a development
/// instance sent, newest first. Not mapped at all on production instances.
/// </summary>
internal static class DevMailboxEndpoints
{
    public static IEndpointRouteBuilder MapDevMailbox(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<InstanceIdentity>().IsDevelopment)
        {
            return app;
        }

        app.MapGet("/dev/mailbox.json", (DevelopmentMailbox mailbox) => Results.Json(new
        {
            messages = mailbox.Messages.Select(m => new { to = m.To, subject = m.Subject, body = m.Body, created_at = m.CreatedAt.ToUnixTimeMilliseconds() }),
        }));
        app.MapGet("/dev/mailbox", (DevelopmentMailbox mailbox, HttpContext http) =>
        {
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
            var html = new StringBuilder();
            html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Development mailbox</title>")
                .Append("<style>body{font:16px system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}article{border:1px solid #ccc;border-radius:8px;padding:1rem;margin:1rem 0}pre{white-space:pre-wrap}</style>")
                .Append("</head><body><main><h1>Development mailbox</h1><p>Mail sent by this development instance, newest first.</p>");
            var messages = mailbox.Messages;
            if (messages.Count == 0)
            {
                html.Append("<p>No mail yet.</p>");
            }

            foreach (var message in messages)
            {
                html.Append("<article><h2>").Append(HtmlEncoder.Default.Encode(message.Subject)).Append("</h2><p>To: ")
                    .Append(HtmlEncoder.Default.Encode(message.To)).Append(" · ").Append(message.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture))
                    .Append("</p><pre>").Append(HtmlEncoder.Default.Encode(message.Body)).Append("</pre></article>");
            }

            html.Append("</main></body></html>");
            return Results.Content(html.ToString(), "text/html; charset=utf-8");
        });
        return app;
    }
}
