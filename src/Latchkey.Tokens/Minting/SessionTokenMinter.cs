using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Latchkey.Tokens;

/// <summary>
/// Mints signed session tokens (JWS compact): header <c>{"alg","cat","kid","typ":"JWT"[,"oiat"]}</c>
/// and the claims of a <see cref="SessionTokenDescriptor"/>, serialized with
/// <see cref="Utf8JsonWriter"/> into pooled buffers and signed once. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// var minter = new SessionTokenMinter(TimeProvider.System);
/// string jwt = minter.Mint(new SessionTokenDescriptor { Subject = "user_1", SessionId = "sess_1", Issuer = "https://clerk.example.com" }, key);
/// </code>
/// </example>
public sealed class SessionTokenMinter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Non-ASCII stays UTF-8 and HTML characters are not escaped: the JSON is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,

        // The writer calls below are structurally correct by construction (and covered by tests).
        SkipValidation = true,
    };

    private static readonly HashSet<string> ReservedClaims = new(StringComparer.Ordinal)
    {
        "sub", "sid", "iss", "azp", "aud", "iat", "nbf", "exp", "v", "sts", "fva", "act", "o", "pla", "fea", "jti",
        "org_id", "org_slug", "org_role", "org_permissions",
    };

    [ThreadStatic]
    private static Buffers? t_buffers;

    private readonly TimeProvider _time;

    /// <summary>Creates a minter.</summary>
    /// <param name="timeProvider">The clock for default issue times; default <see cref="TimeProvider.System"/>.</param>
    public SessionTokenMinter(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Mints a token signed by <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">The descriptor is invalid (empty subject, custom claim overriding a standard one, out-of-range times...).</exception>
    public string Mint(SessionTokenDescriptor descriptor, SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(key);
        Validate(descriptor);

        Buffers buffers = Serialize(descriptor, key);
        return JwsCompact.Encode(buffers.Header.WrittenSpan, buffers.Payload.WrittenSpan, key);
    }

    /// <summary>Writes header and claims JSON into this thread's buffers (everything of a mint but encoding and signing).</summary>
    internal Buffers Serialize(SessionTokenDescriptor descriptor, SigningKey key)
    {
        Buffers buffers = t_buffers ??= new Buffers();
        buffers.Reset();
        WriteHeader(buffers.HeaderWriter, descriptor, key);
        WritePayload(buffers.PayloadWriter, descriptor);
        buffers.HeaderWriter.Flush();
        buffers.PayloadWriter.Flush();
        return buffers;
    }

    private static void Validate(SessionTokenDescriptor d)
    {
        ArgumentException.ThrowIfNullOrEmpty(d.Subject, nameof(d.Subject));
        ArgumentException.ThrowIfNullOrEmpty(d.Issuer, nameof(d.Issuer));
        if (d.Lifetime < TimeSpan.FromSeconds(1) || d.Lifetime > TimeSpan.FromHours(24))
        {
            throw new ArgumentOutOfRangeException(nameof(d.Lifetime), d.Lifetime, "Token lifetime must be 1 second to 24 hours.");
        }

        if (d.NotBeforeSkew < TimeSpan.Zero || d.NotBeforeSkew > TimeSpan.FromSeconds(300))
        {
            throw new ArgumentOutOfRangeException(nameof(d.NotBeforeSkew), d.NotBeforeSkew, "NotBeforeSkew must be 0 to 300 seconds.");
        }

        if (d.Version is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(d.Version), d.Version, "Version must be 1 or 2.");
        }

        if (d.CustomClaims is not null)
        {
            foreach (string name in d.CustomClaims.Keys)
            {
                if (ReservedClaims.Contains(name))
                {
                    throw new ArgumentException($"The custom claim \"{name}\" would replace a standard claim.", nameof(d.CustomClaims));
                }
            }
        }
    }

    private static void WriteHeader(Utf8JsonWriter w, SessionTokenDescriptor d, SigningKey key)
    {
        w.WriteStartObject();
        w.WriteString("alg"u8, key.Algorithm);
        if (d.Category is not null)
        {
            w.WriteString("cat"u8, d.Category);
        }

        w.WriteString("kid"u8, key.Kid);
        if (d.OriginIssuedAt is { } oiat)
        {
            w.WriteNumber("oiat"u8, oiat.ToUnixTimeSeconds());
        }

        w.WriteString("typ"u8, "JWT"u8);
        w.WriteEndObject();
    }

    private void WritePayload(Utf8JsonWriter w, SessionTokenDescriptor d)
    {
        long iat = (d.IssuedAt ?? _time.GetUtcNow()).ToUnixTimeSeconds();
        long exp = iat + (long)d.Lifetime.TotalSeconds;
        long nbf = iat - (long)d.NotBeforeSkew.TotalSeconds;

        w.WriteStartObject();
        if (d.AuthorizedParty is not null)
        {
            w.WriteString("azp"u8, d.AuthorizedParty);
        }

        if (d.Audiences is { Count: > 0 } audiences)
        {
            if (audiences.Count == 1)
            {
                w.WriteString("aud"u8, audiences[0]);
            }
            else
            {
                w.WriteStartArray("aud"u8);
                foreach (string audience in audiences)
                {
                    w.WriteStringValue(audience);
                }

                w.WriteEndArray();
            }
        }

        w.WriteNumber("exp"u8, exp);
        if (d.FactorVerificationAge is { } fva)
        {
            w.WriteStartArray("fva"u8);
            w.WriteNumberValue(fva.FirstFactorMinutes);
            w.WriteNumberValue(fva.SecondFactorMinutes);
            w.WriteEndArray();
        }

        w.WriteNumber("iat"u8, iat);
        w.WriteString("iss"u8, d.Issuer);
        WriteTokenId(w, d.TokenId);
        w.WriteNumber("nbf"u8, nbf);
        if (d.SessionId is not null)
        {
            w.WriteString("sid"u8, d.SessionId);
        }

        if (d.SessionStatus is not null)
        {
            w.WriteString("sts"u8, d.SessionStatus);
        }

        w.WriteString("sub"u8, d.Subject);
        if (d.Actor is { } actor)
        {
            w.WriteStartObject("act"u8);
            if (actor.Issuer is not null)
            {
                w.WriteString("iss"u8, actor.Issuer);
            }

            if (actor.SessionId is not null)
            {
                w.WriteString("sid"u8, actor.SessionId);
            }

            w.WriteString("sub"u8, actor.Subject);
            if (actor.Type is not null)
            {
                w.WriteString("type"u8, actor.Type);
            }

            w.WriteEndObject();
        }

        if (d.Version == 2)
        {
            w.WriteNumber("v"u8, 2);
            if (d.Plans is not null)
            {
                w.WriteString("pla"u8, d.Plans);
            }

            if (d.Features is not null)
            {
                w.WriteString("fea"u8, d.Features);
            }

            if (d.Organization is { } o)
            {
                w.WriteStartObject("o"u8);
                w.WriteString("id"u8, o.Id);
                WriteOptional(w, "slg"u8, o.Slug);
                WriteOptional(w, "rol"u8, o.Role);
                WriteOptional(w, "per"u8, o.Permissions);
                WriteOptional(w, "fpm"u8, o.FeaturePermissionMap);
                w.WriteEndObject();
            }
        }
        else if (d.Organization is { } o1)
        {
            w.WriteString("org_id"u8, o1.Id);
            WriteOptional(w, "org_slug"u8, o1.Slug);
            WriteOptional(w, "org_role"u8, o1.Role is null ? null : o1.Role.StartsWith("org:", StringComparison.Ordinal) ? o1.Role : "org:" + o1.Role);
            w.WriteStartArray("org_permissions"u8);
            foreach (string permission in d.OrganizationPermissionsV1 ?? [])
            {
                w.WriteStringValue(permission);
            }

            w.WriteEndArray();
        }

        if (d.CustomClaims is not null)
        {
            foreach (KeyValuePair<string, JsonElement> claim in d.CustomClaims)
            {
                w.WritePropertyName(claim.Key);
                claim.Value.WriteTo(w);
            }
        }

        w.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteTokenId(Utf8JsonWriter w, string? tokenId)
    {
        if (tokenId is not null)
        {
            w.WriteString("jti"u8, tokenId);
            return;
        }

        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        Span<char> hex = stackalloc char[20];
        Convert.TryToHexStringLower(random, hex, out _);
        w.WriteString("jti"u8, hex);
    }

    internal sealed class Buffers
    {
        public readonly ArrayBufferWriter<byte> Header = new(256);
        public readonly ArrayBufferWriter<byte> Payload = new(1024);
        public readonly Utf8JsonWriter HeaderWriter;
        public readonly Utf8JsonWriter PayloadWriter;

        public Buffers()
        {
            HeaderWriter = new Utf8JsonWriter(Header, WriterOptions);
            PayloadWriter = new Utf8JsonWriter(Payload, WriterOptions);
        }

        public void Reset()
        {
            Header.ResetWrittenCount();
            Payload.ResetWrittenCount();
            HeaderWriter.Reset(Header);
            PayloadWriter.Reset(Payload);
        }
    }
}
