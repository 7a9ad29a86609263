using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Latchkey.Cli.Infrastructure;
using Latchkey.Tokens;

namespace Latchkey.Cli.Commands.Token.Verify;

/// <summary>
/// <c>latchkey token verify [&lt;token&gt;|-] (--jwks &lt;file|url&gt; | --pem &lt;file&gt;) (--issuer &lt;url&gt;... | --no-issuer-check) [options]</c>:
/// answers "why is this token rejected?" with the verifier of Latchkey.Tokens. The command
/// line is declared here; <see cref="TokenVerifyRunner"/> does the work.
/// </summary>
internal static class TokenVerifyCommand
{
    /// <summary>The largest <c>--clock-skew</c>: 300 seconds, as the verifier allows.</summary>
    public const int MaxClockSkewSeconds = 300;

    public static Command Create(CliContext context)
    {
        var token = new Argument<string?>("token")
        {
            Arity = ArgumentArity.ZeroOrOne,
            Description = "The token (JWS compact). '-' or nothing reads it from standard input. Surrounding whitespace is ignored.",
        };
        var jwks = new Option<string?>("--jwks")
        {
            Description = "A JWK Set: a file, or an http(s) URL such as http://127.0.0.1:5100/.well-known/jwks.json. The token's kid must match a key exactly.",
            HelpName = "file|url",
        };
        var pem = new Option<string?>("--pem")
        {
            Description = "An SPKI public key file (\"BEGIN PUBLIC KEY\"). Used whatever the token's kid says, like a networkless jwtKey.",
            HelpName = "file",
        };
        var issuers = Repeatable("--issuer", "url", "An accepted iss (the Frontend API URL, exact match). Repeatable; required unless --no-issuer-check.");
        var noIssuerCheck = new Option<bool>("--no-issuer-check") { Description = "Do not check iss (Clerk's own verifier does not). Must be stated explicitly." };
        var parties = Repeatable("--authorized-party", "origin", "An accepted azp (an app origin such as https://example.com). Repeatable; default: any.");
        var audiences = Repeatable("--audience", "aud", "An accepted aud; when given, the token must carry a matching aud. Repeatable; default: any.");
        var skew = new Option<decimal>("--clock-skew")
        {
            Description = $"Tolerance for exp, nbf and iat, in seconds (0 to {MaxClockSkewSeconds}, fractions allowed).",
            HelpName = "seconds",
            DefaultValueFactory = _ => 5,
            CustomParser = ParseSkew,
        };
        var now = new Option<long?>("--now")
        {
            Description = "Judge the token as of this moment, in Unix seconds (fractions allowed), e.g. the time of a user's report. Default: this machine's clock.",
            HelpName = "unix-seconds",
            CustomParser = ParseNow,
        };
        var kind = new Option<string>("--kind")
        {
            Description = "The kind of token expected.",
            DefaultValueFactory = _ => "session",
        };
        kind.AcceptOnlyFromAmong("session", "template");
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object instead of text." };

        var command = new Command("verify", "Verify a session token and explain the verdict: reason code, what to do, decoded header and claims, times.")
        {
            token, jwks, pem, issuers, noIssuerCheck, parties, audiences, skew, now, kind, json,
        };
        command.Validators.Add(result =>
        {
            bool hasJwks = result.GetResult(jwks) is not null, hasPem = result.GetResult(pem) is not null;
            if (hasJwks == hasPem)
            {
                result.AddError(hasJwks
                    ? "--jwks and --pem are exclusive: pass one key source"
                    : "no keys: pass --jwks <file or URL> (a JWK Set) or --pem <file> (an SPKI public key)");
            }

            string[] issuerValues = result.GetValue(issuers) ?? [];
            if (result.GetValue(noIssuerCheck) && issuerValues.Length > 0)
            {
                result.AddError("--issuer and --no-issuer-check contradict each other: pass one");
            }
            else if (!result.GetValue(noIssuerCheck) && issuerValues.Length == 0)
            {
                result.AddError("no issuer: pass --issuer <Frontend API URL> (the token's expected iss), or --no-issuer-check to skip that check");
            }

            foreach ((Option<string[]> option, string[] values) in new[] { (issuers, issuerValues), (parties, result.GetValue(parties) ?? []), (audiences, result.GetValue(audiences) ?? []) })
            {
                if (values.Any(string.IsNullOrWhiteSpace))
                {
                    result.AddError($"{option.Name} needs a non-empty value");
                }
            }
        });

        command.SetAction((parse, cancellationToken) =>
        {
            var request = new TokenVerifyRequest
            {
                TokenArgument = parse.GetValue(token),
                Jwks = parse.GetValue(jwks),
                Pem = parse.GetValue(pem),
                Issuers = parse.GetValue(issuers) ?? [],
                NoIssuerCheck = parse.GetValue(noIssuerCheck),
                AuthorizedParties = parse.GetValue(parties) ?? [],
                Audiences = parse.GetValue(audiences) ?? [],
                ClockSkew = TimeSpan.FromMilliseconds((double)decimal.Round(parse.GetValue(skew) * 1000, 0)),
                NowUnixMilliseconds = parse.GetValue(now),
                Kind = parse.GetValue(kind) == "template" ? TokenKind.Template : TokenKind.Session,
                Json = parse.GetValue(json),
            };
            return TokenVerifyRunner.RunAsync(request, context, cancellationToken);
        });
        return command;
    }

    private static Option<string[]> Repeatable(string name, string helpName, string description) => new(name)
    {
        Description = description,
        HelpName = helpName,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private static decimal ParseSkew(ArgumentResult result)
    {
        string text = result.Tokens[^1].Value;
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal seconds) && seconds <= MaxClockSkewSeconds)
        {
            return seconds;
        }

        result.AddError($"--clock-skew: \"{text}\" is not a number of seconds between 0 and {MaxClockSkewSeconds}");
        return default;
    }

    private static long? ParseNow(ArgumentResult result)
    {
        string text = result.Tokens[^1].Value;
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal seconds) && seconds <= 253_402_300_799m)
        {
            return (long)decimal.Round(seconds * 1000, 0);
        }

        result.AddError($"--now: \"{text}\" is not a moment in Unix seconds (a number from 0 to 253402300799, e.g. 1767225600 for 2026-01-01T00:00:00Z)");
        return null;
    }
}
