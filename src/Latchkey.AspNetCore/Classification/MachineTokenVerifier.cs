using System.Text.Json;
using Latchkey.AspNetCore.BackendApi;
using Latchkey.AspNetCore.Internal;
using Latchkey.AspNetCore.Tokens;

namespace Latchkey.AspNetCore.Classification;

/// <summary>
/// Verifies a machine token (protocol.md §4.5): M2M and OAuth JWTs locally through the token
/// core, opaque <c>mt_</c>/<c>oat_</c>/<c>ak_</c> tokens through the Backend API. Beyond the
/// reference, an answer that says <c>revoked</c> or <c>expired</c> is refused.
/// </summary>
internal sealed class MachineTokenVerifier
{
    private readonly ITokenCore _tokens;
    private readonly BackendApiClient? _api;
    private readonly InstanceSettings _settings;
    private readonly IReadOnlyList<string> _audience;

    public MachineTokenVerifier(ITokenCore tokens, BackendApiClient? api, InstanceSettings settings, IReadOnlyList<string> audience)
    {
        _tokens = tokens;
        _api = api;
        _settings = settings;
        _audience = audience;
    }

    public async ValueTask<MachineCheck> VerifyAsync(string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (MachineTokens.IsJwtFormat(token))
        {
            var peek = _tokens.Peek(token);
            if (peek is null)
            {
                return MachineCheck.Failed(LatchkeyTokenTypes.M2MToken, Reasons.TokenInvalid, "Invalid JWT form.");
            }

            if (peek.IsM2MJwt)
            {
                return await _tokens.VerifyMachineJwtAsync(token, LatchkeyTokenTypes.M2MToken, now, cancellationToken).ConfigureAwait(false);
            }

            if (peek.IsOAuthJwt)
            {
                return await _tokens.VerifyMachineJwtAsync(token, LatchkeyTokenTypes.OAuthToken, now, cancellationToken).ConfigureAwait(false);
            }

            return MachineCheck.Failed(LatchkeyTokenTypes.OAuthToken, Reasons.TokenVerificationFailed,
                "Invalid JWT type: expected at+jwt or application/at+jwt for OAuth, or a sub starting with 'mch_' for M2M.");
        }

        var type = MachineTokens.TypeOf(token, _tokens);
        if (_api is null)
        {
            return MachineCheck.Failed(type, Reasons.SecretKeyInvalid, "Verifying an opaque machine token needs a secret key.");
        }

        var result = type switch
        {
            LatchkeyTokenTypes.M2MToken => await _api.VerifyM2MTokenAsync(token, _settings.MachineSecretKey, cancellationToken).ConfigureAwait(false),
            LatchkeyTokenTypes.OAuthToken => await _api.VerifyOAuthTokenAsync(token, cancellationToken).ConfigureAwait(false),
            _ => await _api.VerifyApiKeyAsync(token, cancellationToken).ConfigureAwait(false),
        };

        if (!result.IsSuccess)
        {
            return result.Status switch
            {
                401 => MachineCheck.Failed(type, Reasons.SecretKeyInvalid, result.ErrorMessage ?? "Invalid secret key", 401),
                404 => MachineCheck.Failed(type, Reasons.TokenInvalid, NotFoundMessage(type), 404),
                _ => MachineCheck.Failed(type, Reasons.UnexpectedError, "Unexpected error", result.Status == 0 ? null : result.Status),
            };
        }

        var body = result.Body!.Value;
        if (IsTrue(body, "revoked") || IsTrue(body, "expired"))
        {
            return MachineCheck.Failed(type, Reasons.TokenInvalid, "The machine token is revoked or expired.", result.Status);
        }

        if (type == LatchkeyTokenTypes.OAuthToken && !AudienceMatches(body))
        {
            return MachineCheck.Failed(type, Reasons.TokenVerificationFailed, "OAuth audience mismatch.");
        }

        var identity = new LatchkeyMachineIdentity(
            type,
            BackendApiClient.GetString(body, "id"),
            BackendApiClient.GetString(body, "subject"),
            BackendApiClient.GetString(body, "name"),
            BackendApiClient.GetString(body, "client_id"),
            ReadScopes(body),
            body.TryGetProperty("claims", out var claims) && claims.ValueKind == JsonValueKind.Object ? claims.Clone() : null);
        return new MachineCheck(identity, type, null, null);
    }

    private static string NotFoundMessage(LatchkeyTokenTypes type) => type switch
    {
        LatchkeyTokenTypes.M2MToken => "Machine token not found",
        LatchkeyTokenTypes.OAuthToken => "OAuth token not found",
        _ => "API key not found",
    };

    private static bool IsTrue(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private bool AudienceMatches(JsonElement body)
    {
        if (_audience.Count == 0)
        {
            return true;
        }

        if (!body.TryGetProperty("aud", out var aud))
        {
            return false;
        }

        return aud.ValueKind switch
        {
            JsonValueKind.String => _audience.Contains(aud.GetString()!),
            JsonValueKind.Array => aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && _audience.Contains(a.GetString()!)),
            _ => false,
        };
    }

    internal static IReadOnlyList<string> ReadScopes(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        if (body.TryGetProperty("scopes", out var scopes) && scopes.ValueKind == JsonValueKind.Array)
        {
            return scopes.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()!).ToArray();
        }

        if (body.TryGetProperty("scope", out var scope) && scope.ValueKind == JsonValueKind.String)
        {
            return scope.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }

        return [];
    }
}
