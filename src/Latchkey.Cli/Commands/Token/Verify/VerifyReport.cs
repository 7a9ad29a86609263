using System.Text.Json;
using Latchkey.Cli.Diagnostics;
using Latchkey.Tokens;

namespace Latchkey.Cli.Commands.Token.Verify;

/// <summary>
/// Everything <c>latchkey token verify</c> says about one token, gathered once and written
/// either as text (<see cref="TextReportWriter"/>) or as one JSON object (<see cref="JsonReportWriter"/>).
/// The verdict, reason and message come from <see cref="TokenVerifier"/>; the header and
/// claims shown come from <see cref="TokenInspection"/> and are flagged as unverified unless the
/// signature held.
/// </summary>
internal sealed class VerifyReport
{
    public required TokenVerificationResult Result { get; init; }

    public required TokenVerifyRequest Request { get; init; }

    public required LoadedKeys Keys { get; init; }

    public required TokenInput Input { get; init; }

    public required TokenInspection Inspection { get; init; }

    /// <summary>The moment the token was judged at (from <c>--now</c>, or the clock read once).</summary>
    public required DateTimeOffset Now { get; init; }

    public required IReadOnlyList<TimeClaimView> Times { get; init; }

    /// <summary>Specific advice computed from this token (e.g. the iss it carries), besides the general guide.</summary>
    public required IReadOnlyList<string> Hints { get; init; }

    public bool Valid => Result.IsValid;

    /// <summary>The reason code, null when valid.</summary>
    public string? Reason => Result.Reason;

    /// <summary>The verifier's message, or a summary of the checks when valid.</summary>
    public string Message => Result.Message ?? ValidMessage();

    /// <summary>The explanation and advice for <see cref="Reason"/>, null when valid.</summary>
    public ReasonGuide? Guide => Result.Reason is { } reason ? ReasonGuide.For(reason) : null;

    /// <summary>True once the signature verified with <see cref="TokenVerificationResult.Key"/>.</summary>
    public bool SignatureVerified => Result.Key is not null;

    /// <summary>The decoded header, when it is a JSON object.</summary>
    public JsonElement? Header => Inspection.Header?.Json;

    /// <summary>The decoded claims, when they are a JSON object.</summary>
    public JsonElement? Claims => Inspection.Payload?.Json;

    public static VerifyReport Create(TokenVerificationResult result, TokenVerifyRequest request, LoadedKeys keys, TokenInput input, DateTimeOffset now)
    {
        TokenInspection inspection = TokenInspection.Inspect(input.Token);
        IReadOnlyList<TimeClaimView> times = TimeClaimView.From(inspection.Payload?.Json, now, request.ClockSkew);
        return new VerifyReport
        {
            Result = result,
            Request = request,
            Keys = keys,
            Input = input,
            Inspection = inspection,
            Now = now,
            Times = times,
            Hints = [.. input.Notes, .. ReasonHints.For(result, request, keys, inspection, times)],
        };
    }

    private string ValidMessage()
    {
        var checks = new List<string> { "signature" };
        checks.Add(Request.NoIssuerCheck ? "issuer NOT checked (--no-issuer-check)" : "issuer");
        if (Request.AuthorizedParties.Count > 0)
        {
            checks.Add("authorized party");
        }

        if (Request.Audiences.Count > 0)
        {
            checks.Add("audience");
        }

        checks.Add("exp, nbf and iat");
        return "the token verified: " + string.Join(", ", checks);
    }
}
