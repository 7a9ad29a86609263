using System.Text.Json;

namespace Latchkey.AspNetCore;

/// <summary>
/// The classifier's answer for one request: the state, the reason and message when not signed
/// in, the credential and its claims when signed in, and the response headers the protocol
/// sends (<c>Location</c>, <c>Cache-Control</c>, <c>Set-Cookie</c>, <c>x-clerk-auth-*</c>, ...).
/// </summary>
public sealed class LatchkeyRequestState
{
    internal LatchkeyRequestState(
        LatchkeyAuthStatus status,
        string? reason,
        string? message,
        LatchkeyTokenTypes tokenType,
        string? token,
        LatchkeySessionClaims? sessionClaims,
        LatchkeyMachineIdentity? machine,
        IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        Status = status;
        Reason = reason;
        Message = message;
        TokenType = tokenType;
        Token = token;
        SessionClaims = sessionClaims;
        Machine = machine;
        Headers = headers;
    }

    /// <summary>The handler's auth feature for this (immutable, signed-in) state, made on first use and shared by the requests that carry it.</summary>
    internal object? SignedInFeature { get; set; }

    /// <summary>Signed in, signed out or handshake.</summary>
    public LatchkeyAuthStatus Status { get; }

    /// <summary>The reason code (kebab-case, stable) when not signed in; null when signed in.</summary>
    public string? Reason { get; }

    /// <summary>A human-readable explanation when there is one; never parse it (assert <see cref="Reason"/>).</summary>
    public string? Message { get; }

    /// <summary>The kind of credential the state is about (one flag), or <see cref="LatchkeyTokenTypes.None"/> when unknown.</summary>
    public LatchkeyTokenTypes TokenType { get; }

    /// <summary>The verified credential when signed in (a session JWT or a machine token); null otherwise.</summary>
    public string? Token { get; }

    /// <summary>The verified session claims when signed in with a session token.</summary>
    public LatchkeySessionClaims? SessionClaims { get; }

    /// <summary>The verified machine identity when signed in with a machine token.</summary>
    public LatchkeyMachineIdentity? Machine { get; }

    /// <summary>The response headers in order; <c>Set-Cookie</c> may repeat.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>Whether the state is <see cref="LatchkeyAuthStatus.SignedIn"/>.</summary>
    public bool IsSignedIn => Status == LatchkeyAuthStatus.SignedIn;

    /// <summary>The <c>Location</c> header when the response must be a 307 redirect; null otherwise.</summary>
    public string? Location => GetHeader("Location");

    /// <summary>Returns the first value of a response header, or null.</summary>
    /// <param name="name">The header name (case-insensitive).</param>
    public string? GetHeader(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The protocol's status string: <c>signed-in</c>, <c>signed-out</c> or <c>handshake</c>.</summary>
    public string StatusText => Status switch
    {
        LatchkeyAuthStatus.SignedIn => "signed-in",
        LatchkeyAuthStatus.Handshake => "handshake",
        _ => "signed-out",
    };

    /// <summary>Writes the state as JSON: <c>status</c>, <c>reason</c>, <c>message</c>, <c>tokenType</c>, <c>headers</c> (name → values).</summary>
    /// <param name="writer">The destination.</param>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("status", StatusText);
        writer.WriteString("reason", Reason);
        writer.WriteString("message", Message);
        writer.WriteString("tokenType", LatchkeyTokenTypeNames.ToProtocolName(TokenType));
        writer.WriteStartObject("headers");
        foreach (var group in Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            writer.WriteStartArray(group.Key);
            foreach (var (_, value) in group)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
