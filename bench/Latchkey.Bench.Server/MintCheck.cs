using System.Net;
using System.Text.Json;
using Latchkey.Tokens;

namespace Latchkey.Bench.Server;

/// <summary>
/// Proves, before and after a measurement, that the server under load answers correctly: for a
/// sample of the seeded clients the token endpoint answers 200 with a JWT that verifies against
/// the server's JWKS (RS256, <c>iss</c>, <c>azp</c>, times) and names that client's session and
/// user; a stranger's cookie, another client's session and a foreign origin are refused. A fast
/// but wrong server cannot pass.
/// </summary>
internal static class MintCheck
{
    public static async Task<int> RunAsync(BenchArguments args)
    {
        var url = args.Text("url").TrimEnd('/');
        var origin = args.Text("origin");
        var issuer = args.Text("issuer");
        var count = args.Number("count", 50);
        var lines = await File.ReadAllLinesAsync(args.Text("clients"));
        var clients = lines.Select(l => l.Split(' ')).Where(p => p.Length == 3).ToArray();
        if (clients.Length < 2)
        {
            throw new ArgumentException("the clients file needs at least two 'token session user' lines");
        }

        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
        var keys = VerificationKeySet.FromJwks(await http.GetStringAsync(url + "/.well-known/jwks.json"));
        var options = new TokenValidationOptions();
        options.ValidIssuers.Add(issuer);
        options.AuthorizedParties.Add(origin);
        var verifier = new TokenVerifier(options);

        var failures = new List<string>();
        var checkedCount = Math.Min(count, clients.Length);
        for (var i = 0; i < checkedCount; i++)
        {
            var c = clients[(int)((long)i * clients.Length / checkedCount)];
            var (status, body) = await MintAsync(http, url, c[0], c[1], origin);
            if (status != HttpStatusCode.OK)
            {
                failures.Add($"{c[1]}: HTTP {(int)status} {Truncate(body)}");
                continue;
            }

            using var json = JsonDocument.Parse(body);
            var jwt = json.RootElement.GetProperty("jwt").GetString();
            var result = verifier.Verify(jwt, keys);
            if (json.RootElement.GetProperty("object").GetString() != "token" || !result.IsValid
                || result.Header!.Algorithm != "RS256" || result.Claims!.SessionId != c[1] || result.Claims.Subject != c[2]
                || result.Claims.AuthorizedParty != origin || result.Claims.SessionStatus != "active")
            {
                failures.Add($"{c[1]}: token does not verify or names the wrong session/user/azp ({result})");
            }
        }

        // Refusals: the checks the mint path must keep making.
        var stranger = await MintAsync(http, url, Latchkey.Server.Crypto.SecureRandom.Token(), clients[0][1], origin);
        Expect(failures, "unknown __client cookie", stranger, HttpStatusCode.Unauthorized, "authentication_invalid");
        var otherSession = await MintAsync(http, url, clients[0][0], clients[1][1], origin);
        Expect(failures, "another client's session", otherSession, HttpStatusCode.NotFound, "session_not_found");
        var foreign = await MintAsync(http, url, clients[0][0], clients[0][1], "https://evil.example.net");
        Expect(failures, "foreign Origin", foreign, HttpStatusCode.Forbidden, "origin_invalid");

        foreach (var failure in failures)
        {
            await Console.Error.WriteLineAsync("check: " + failure);
        }

        Console.WriteLine(failures.Count == 0
            ? $"check: {checkedCount} tokens valid (signature, iss, azp, sid, sub), 3 refusals right"
            : $"check: FAILED ({failures.Count} problems)");
        return failures.Count == 0 ? 0 : 1;
    }

    private static async Task<(HttpStatusCode Status, string Body)> MintAsync(HttpClient http, string url, string token, string sessionId, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/v1/client/sessions/{sessionId}/tokens")
        {
            // What clerk-js sends (protocol.md §9.4).
            Content = new StringContent("organization_id=&tab_state=focused", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("Cookie", "__client=" + token);
        request.Headers.Add("Origin", origin);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static void Expect(List<string> failures, string what, (HttpStatusCode Status, string Body) actual, HttpStatusCode status, string code)
    {
        if (actual.Status != status || !actual.Body.Contains($"\"code\":\"{code}\"", StringComparison.Ordinal))
        {
            failures.Add($"{what}: expected {(int)status} {code}, got {(int)actual.Status} {Truncate(actual.Body)}");
        }
    }

    private static string Truncate(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
