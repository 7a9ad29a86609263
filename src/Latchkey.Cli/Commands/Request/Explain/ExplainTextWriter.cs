using System.Globalization;
using System.Text;
using Latchkey.AspNetCore;
using Latchkey.Cli.Diagnostics;
using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Commands.Request.Explain;

/// <summary>
/// Writes an <see cref="Explanation"/> for people: the state and reason first, then the message,
/// why and what to do; the response the app would send; the facts (moment, instance, request,
/// cookies, network calls, package log); and each credential decoded, labelled UNVERIFIED unless
/// the request is signed in with it. Untrusted text is escaped with <see cref="TerminalText"/>.
/// </summary>
internal static class ExplainTextWriter
{
    private const string Indent = "  ";
    private const string Column = "            ";

    public static string Write(Explanation e)
    {
        var text = new StringBuilder(4096);
        AppendVerdict(text, e);
        text.AppendLine();
        AppendResponse(text, e);
        text.AppendLine();
        AppendFacts(text, e);
        foreach (CredentialView credential in e.Credentials)
        {
            text.AppendLine();
            AppendCredential(text, credential);
        }

        return TerminalText.Escape(text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    private static void AppendVerdict(StringBuilder text, Explanation e)
    {
        LatchkeyRequestState state = e.State;
        if (e.SignedIn)
        {
            text.AppendLine("SIGNED-IN");
            text.Append(Indent).AppendLine(Who(e));
        }
        else if (state.IsSignedIn)
        {
            text.Append("SIGNED-IN, but the app sees SIGNED-OUT: ").AppendLine(e.Reason);
            text.Append(Indent).AppendLine(Who(e));
        }
        else
        {
            text.Append(state.Status == LatchkeyAuthStatus.Handshake ? "HANDSHAKE: " : "SIGNED-OUT: ").AppendLine(e.Reason);
            if (state.Message is { } message)
            {
                text.Append(Indent).AppendLine(message);
            }
        }

        if (e.Guide is { } guide)
        {
            text.Append(Indent).Append("Why:  ").AppendLine(guide.Explanation);
            text.Append(Indent).Append("Do:   ").AppendLine(guide.InApp);
        }

        if (e.Clock is { } clock)
        {
            text.Append(Indent).Append("Clock: ").AppendLine(clock.Text);
        }

        foreach (string note in e.Request.Notes)
        {
            text.Append(Indent).Append("Note: ").AppendLine(note);
        }
    }

    private static string Who(Explanation e)
    {
        string from = e.Credentials.FirstOrDefault(c => c.Verified)?.Source ?? "request";
        if (e.State.SessionClaims is { } claims)
        {
            var parts = new List<string> { "user " + claims.UserId };
            if (claims.SessionId is { } sid)
            {
                parts.Add("session " + sid);
            }

            if (claims.OrganizationId is { } org)
            {
                parts.Add("organization " + org + (claims.OrganizationRole is { } role ? $" ({role})" : ""));
            }

            return $"{string.Join(", ", parts)}; session token from the {from}";
        }

        return e.State.Machine is { } machine
            ? $"{LatchkeyTokenTypeNames.ToProtocolName(machine.TokenType)} of {machine.Subject ?? "an unnamed subject"}; from the {from}"
            : "signed in; from the " + from;
    }

    private static void AppendResponse(StringBuilder text, Explanation e)
    {
        LatchkeyResponseDescription response = e.Response;
        text.Append("Response    ").AppendLine(response.StatusCode switch
        {
            307 => "307 Temporary Redirect, answered by the handler while authenticating",
            401 => "401 Unauthorized from an endpoint that requires authorization (one without authorization serves the request signed out)",
            _ when response.IsSignedIn => "the endpoint runs, signed in",
            _ => "the endpoint runs, signed out",
        });
        if (response.Headers.Count == 0)
        {
            text.Append(Indent).AppendLine("(no headers)");
        }

        foreach (var (name, value) in response.Headers)
        {
            text.Append(Indent).Append(name).Append(": ").AppendLine(value);
        }

        if (e.DebugHeadersAssumed && response.Headers.Any(h => h.Key.StartsWith("x-clerk-auth-", StringComparison.OrdinalIgnoreCase)))
        {
            text.Append(Indent).AppendLine("(x-clerk-auth-* as sent in the Development environment or with \"debugHeaders\": true)");
        }
    }

    private static void AppendFacts(StringBuilder text, Explanation e)
    {
        string nowSource = e.NowSource switch { "option" => "--now", "line" => "the line's now", _ => "this machine's clock" };
        text.Append("Judged at   ").Append(TokenText.Iso(e.Now))
            .Append(CultureInfo.InvariantCulture, $" ({e.Now.ToUnixTimeMilliseconds()} ms, {nowSource}); clock skew ")
            .AppendLine(DurationText.Format(e.Instance.Options.ClockSkew.TotalMilliseconds / 1000.0));

        ExplainInstance instance = e.Instance;
        string type = instance.Key is null ? "no publishable key (machine tokens only)" : instance.Key.InstanceType == Latchkey.Tokens.InstanceType.Production ? "production" : "development";
        string keys = !string.IsNullOrEmpty(instance.Options.JwtKey) ? "jwtKey (networkless)" : $"the JWKS at {instance.ApiUrl?.TrimEnd('/')}/v1/jwks";
        text.Append("Instance    ").Append(type);
        if (instance.FrontendApiUrl is { } fapi)
        {
            text.Append(", Frontend API ").Append(fapi);
        }

        text.Append("; keys: ").AppendLine(keys);

        LatchkeyRequestDescription request = e.Request.Description;
        text.Append("Request     ").Append(request.Method).Append(' ').Append(request.Url.AbsoluteUri).Append(": ").AppendLine(Kind(e));
        int more = e.CookieCount - e.Cookies.Count;
        text.Append("Cookies     ").AppendLine(e.Cookies.Count == 0
            ? "none"
            : string.Join("; ", e.Cookies.Select(c => c.Display)) + (more > 0 ? $"; and {more} more" : ""));

        AppendLines(text, "Network     ", e.Network.Count == 0 ? ["none"] : [.. e.Network.Select(c => $"{c.Method} {c.Url}: {c.Outcome}")]);
        if (e.Log.Count > 0)
        {
            AppendLines(text, "Log         ", [.. e.Log.Select(l => $"{l.LevelName} {l.EventId}: {l.Message}")]);
        }
    }

    private static string Kind(Explanation e)
    {
        LatchkeyRequestDescription request = e.Request.Description;
        string? dest = request.GetHeader("Sec-Fetch-Dest");
        string? accept = request.GetHeader("Accept");
        string evidence = dest is not null ? $"Sec-Fetch-Dest: {dest}" : accept is not null ? $"no Sec-Fetch-Dest, Accept: {TokenText.Shorten(accept, 40)}" : "no Sec-Fetch-Dest, no Accept";
        if (e.IsNavigation)
        {
            return $"a page navigation ({evidence}), so a handshake redirect is possible";
        }

        return request.Method != "GET"
            ? "not a GET, so never redirected"
            : $"not a page navigation ({evidence}), so never redirected";
    }

    private static void AppendLines(StringBuilder text, string label, IReadOnlyList<string> lines)
    {
        for (int i = 0; i < lines.Count; i++)
        {
            text.Append(i == 0 ? label : Column).AppendLine(lines[i]);
        }
    }

    private static void AppendCredential(StringBuilder text, CredentialView credential)
    {
        string trust = credential.Verified ? "verified: the request is signed in with it" : "UNVERIFIED: the request is not signed in with it; do not trust these values";
        if (credential.Inspection is not { } inspection)
        {
            text.Append("Token in ").Append("the ").Append(credential.Source).Append(CultureInfo.InvariantCulture, $": opaque, {credential.Token.Length} characters ({trust})").AppendLine();
            return;
        }

        text.Append("Token in ").Append("the ").Append(credential.Source).Append(" (").Append(trust).AppendLine(")");
        TokenText.AppendSegment(text, Indent + Indent, "Header", inspection.Header, inspection.StructureProblem);
        TokenText.AppendSegment(text, Indent + Indent, "Claims", inspection.Payload, inspection.StructureProblem);
        if (credential.Times.Count > 0)
        {
            text.Append(Indent).AppendLine("Times");
            TokenText.AppendTimes(text, Indent + Indent, credential.Times);
        }
    }
}
