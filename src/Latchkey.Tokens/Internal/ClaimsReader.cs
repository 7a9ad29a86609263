using System.Text.Json;

namespace Latchkey.Tokens.Internal;

/// <summary>
/// Reads a claim set in one <see cref="Utf8JsonReader"/> pass: syntax, nesting depth, duplicate
/// names at every level, and the JSON type and range of every known claim. Presence rules
/// (required <c>sub</c>, <c>exp</c>, ...) belong to the verifier; this reader only refuses what
/// cannot be a claim set.
/// </summary>
internal static partial class ClaimsReader
{
    /// <summary>Largest numeric date accepted: 9999-12-31T23:59:59Z.</summary>
    public const double MaxNumericDate = 253402300799;

    private const string DuplicateInClaim = "a claim object (act or o) has a duplicate member name";

    internal struct TimeValues
    {
        public double? Exp;
        public double? Nbf;
        public double? Iat;
    }

    /// <summary>Reads <paramref name="json"/>, which the returned claims keep as their raw bytes (not copied).</summary>
    /// <param name="json">The claim set; owned by the result from now on.</param>
    /// <param name="maxDepth">Deepest nesting accepted.</param>
    /// <param name="known">Expected <c>iss</c>/<c>azp</c> values whose string instances are reused instead of allocating; may be null.</param>
    /// <param name="claims">The claims.</param>
    /// <param name="times">The raw NumericDates.</param>
    /// <param name="reason">The reason code on failure.</param>
    /// <param name="message">The message on failure.</param>
    /// <param name="useCompact">Try the compact reader first (always, except in the tests that compare the two).</param>
    public static bool TryRead(byte[] json, int maxDepth, KnownValues? known, out SessionClaims? claims, out TimeValues times, out string? reason, out string? message, bool useCompact = true)
    {
        claims = null;
        times = default;
        reason = ReasonCodes.TokenInvalid;
        if (!JsonText.IsWellFormed(json))
        {
            // Checked for the whole claim set, custom claims included: an application reading a
            // claim later must never meet a string that cannot be decoded.
            message = JsonText.Describe(json, "claim", "payload");
            return false;
        }

        if (useCompact && TryReadCompact(json, known, out claims, out times))
        {
            reason = null;
            message = null;
            return true;
        }

        var names = new JsonNameTracker(json.Length, maxDepth);
        try
        {
            var reader = new Utf8JsonReader(json, StrictJson.ReaderOptions(maxDepth));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                message = "the payload is not a JSON object";
                return false;
            }

            names.EnterObject();
            string? iss = null, azp = null, pla = null, fea = null;
            Utf8String sub = Utf8String.Absent, sid = Utf8String.Absent, jti = Utf8String.Absent, sts = Utf8String.Absent;
            string? orgId = null, orgSlug = null, orgRole = null;
            List<string>? orgPermissions = null;
            IReadOnlyList<string> aud = [];
            int version = 1;
            FactorVerificationAge? fva = null;
            ActorClaim? actor = null;
            OrganizationClaim? organization = null;

            // Known claims are identified once and their duplicates caught with a bit mask (an
            // escaped spelling is identified after unescaping); other names go to the tracker.
            ulong seen = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                Claim claim = Identify(ref reader);
                ulong bit = 1UL << (int)claim;
                if (claim == Claim.Unknown ? !names.TryAdd(ref reader) : (seen & bit) != 0)
                {
                    reason = ReasonCodes.TokenInvalid;
                    message = "the payload has a duplicate claim name";
                    return false;
                }

                seen |= bit;
                reason = ReasonCodes.TokenVerificationFailed;
                string? problem = null;
                switch (claim)
                {
                    case Claim.Sub: problem = ReadLazy(ref reader, "sub", out sub); break;
                    case Claim.Sid: problem = ReadLazy(ref reader, "sid", out sid); break;
                    case Claim.Iss:
                        problem = ReadString(ref reader, "iss", out iss, known?.Issuers);
                        reason = ReasonCodes.TokenInvalidIssuer;
                        break;
                    case Claim.Azp:
                        problem = ReadString(ref reader, "azp", out azp, known?.AuthorizedParties);
                        reason = ReasonCodes.TokenInvalidAuthorizedParties;
                        break;
                    case Claim.Exp: problem = ReadDate(ref reader, "exp", out times.Exp); break;
                    case Claim.Nbf: problem = ReadDate(ref reader, "nbf", out times.Nbf); break;
                    case Claim.Iat: problem = ReadDate(ref reader, "iat", out times.Iat); break;
                    case Claim.Aud: problem = ReadAudience(ref reader, out aud); break;
                    case Claim.Jti: problem = ReadLazy(ref reader, "jti", out jti); break;
                    case Claim.V: problem = ReadVersion(ref reader, out version); break;
                    case Claim.Sts: problem = ReadLazy(ref reader, "sts", out sts); break;
                    case Claim.Pla: problem = ReadString(ref reader, "pla", out pla); break;
                    case Claim.Fea: problem = ReadString(ref reader, "fea", out fea) ?? CheckFeatures(fea); break;
                    case Claim.Fva: problem = ReadFva(ref reader, out fva); break;
                    case Claim.Act: problem = ReadActor(ref reader, ref names, out actor); break;
                    case Claim.O: problem = ReadOrganization(ref reader, ref names, out organization); break;
                    case Claim.OrgId: problem = ReadString(ref reader, "org_id", out orgId); break;
                    case Claim.OrgSlug: problem = ReadString(ref reader, "org_slug", out orgSlug); break;
                    case Claim.OrgRole: problem = ReadString(ref reader, "org_role", out orgRole); break;
                    case Claim.OrgPermissions: problem = ReadStringArray(ref reader, "org_permissions", out orgPermissions); break;
                    default:
                        reader.Read();
                        if (!StrictJson.SkipValue(ref reader, ref names))
                        {
                            reason = ReasonCodes.TokenInvalid;
                            message = "the payload has a duplicate member name inside a claim";
                            return false;
                        }

                        break;
                }

                if (problem is not null)
                {
                    reason = ReferenceEquals(problem, DuplicateInClaim) ? ReasonCodes.TokenInvalid : reason;
                    message = problem;
                    return false;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                reason = ReasonCodes.TokenInvalid;
                message = "the payload is not a single JSON object";
                return false;
            }

            bool v2 = version >= 2;
            claims = new SessionClaims(json)
            {
                SubjectText = sub, SessionIdText = sid, Issuer = iss, AuthorizedParty = azp, Audiences = aud, TokenIdText = jti,
                IssuedAt = ToTime(times.Iat), NotBefore = ToTime(times.Nbf), ExpiresAt = ToTime(times.Exp),
                Version = version, SessionStatusText = sts, FactorVerificationAge = fva, Actor = actor,
                Plans = pla, Features = fea, Organization = organization,
                OrganizationId = organization?.Id ?? (v2 ? null : orgId),
                OrganizationSlug = organization is not null ? organization.Slug : (v2 ? null : orgSlug),
                OrganizationRole = organization is not null ? (organization.Role is null ? null : "org:" + organization.Role) : (v2 ? null : orgRole),
                V1OrganizationPermissions = v2 || organization is not null ? null : (IReadOnlyList<string>?)orgPermissions ?? [],
            };
            // The compact reader (ClaimsReader.Compact.cs) builds the same object for the claim
            // sets it accepts; the differential tests hold the two to the same answers.
            reason = null;
            message = null;
            return true;
        }
        catch (JsonException)
        {
            reason = ReasonCodes.TokenInvalid;
            message = "the payload is not valid JSON, or is nested deeper than allowed";
            return false;
        }
        finally
        {
            names.Dispose();
        }
    }

    private enum Claim
    {
        Unknown, Sub, Sid, Iss, Azp, Exp, Nbf, Iat, Aud, Jti, V, Sts, Pla, Fea, Fva, Act, O,
        OrgId, OrgSlug, OrgRole, OrgPermissions,
    }

    /// <summary>Identifies a top-level claim name (after unescaping) without a chain of string comparisons.</summary>
    private static Claim Identify(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> name = reader.ValueSpan;
        if (reader.ValueIsEscaped)
        {
            // A known name has at most 15 characters; escaped, at most 6 bytes each.
            if (name.Length > 90)
            {
                return Claim.Unknown;
            }

            Span<byte> buffer = stackalloc byte[90];
            name = buffer[..reader.CopyString(buffer)].ToArray();
        }

        return IdentifyName(name);
    }

    /// <summary>Identifies an unescaped top-level claim name.</summary>
    private static Claim IdentifyName(ReadOnlySpan<byte> name)
    {
        switch (name.Length)
        {
            case 1:
                return name[0] == (byte)'v' ? Claim.V : name[0] == (byte)'o' ? Claim.O : Claim.Unknown;
            case 3:
                return (name[0] << 16 | name[1] << 8 | name[2]) switch
                {
                    ('s' << 16 | 'u' << 8 | 'b') => Claim.Sub,
                    ('s' << 16 | 'i' << 8 | 'd') => Claim.Sid,
                    ('i' << 16 | 's' << 8 | 's') => Claim.Iss,
                    ('a' << 16 | 'z' << 8 | 'p') => Claim.Azp,
                    ('e' << 16 | 'x' << 8 | 'p') => Claim.Exp,
                    ('n' << 16 | 'b' << 8 | 'f') => Claim.Nbf,
                    ('i' << 16 | 'a' << 8 | 't') => Claim.Iat,
                    ('a' << 16 | 'u' << 8 | 'd') => Claim.Aud,
                    ('j' << 16 | 't' << 8 | 'i') => Claim.Jti,
                    ('s' << 16 | 't' << 8 | 's') => Claim.Sts,
                    ('p' << 16 | 'l' << 8 | 'a') => Claim.Pla,
                    ('f' << 16 | 'e' << 8 | 'a') => Claim.Fea,
                    ('f' << 16 | 'v' << 8 | 'a') => Claim.Fva,
                    ('a' << 16 | 'c' << 8 | 't') => Claim.Act,
                    _ => Claim.Unknown,
                };
            case 6:
                return name.SequenceEqual("org_id"u8) ? Claim.OrgId : Claim.Unknown;
            case 8:
                return name.SequenceEqual("org_slug"u8) ? Claim.OrgSlug : name.SequenceEqual("org_role"u8) ? Claim.OrgRole : Claim.Unknown;
            case 15:
                return name.SequenceEqual("org_permissions"u8) ? Claim.OrgPermissions : Claim.Unknown;
            default:
                return Claim.Unknown;
        }
    }

    private static DateTimeOffset? ToTime(double? seconds) =>
        seconds is { } s ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(s * 1000)) : null;

    /// <summary>A string claim kept in place (decoded when read); escaped strings are decoded now.</summary>
    private static string? ReadLazy(ref Utf8JsonReader reader, string name, out Utf8String value)
    {
        reader.Read();
        value = Utf8String.Absent;
        if (reader.TokenType != JsonTokenType.String)
        {
            return $"the claim \"{name}\" must be a string";
        }

        if (reader.ValueIsEscaped)
        {
            value = Utf8String.Of(reader.GetString()!);
            return null;
        }

        // The whole claim set is valid UTF-8 (JsonText gate), so the raw bytes decode as they are.
        value = Utf8String.At(checked((int)reader.TokenStartIndex + 1), reader.ValueSpan.Length);
        return null;
    }

    private static string? ReadString(ref Utf8JsonReader reader, string name, out string? value, KnownValues.Set? known = null)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            value = null;
            return $"the claim \"{name}\" must be a string";
        }

        value = known?.Find(ref reader) ?? reader.GetString();
        return null;
    }

    private static string? ReadDate(ref Utf8JsonReader reader, string name, out double? value)
    {
        reader.Read();
        value = null;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return $"the claim \"{name}\" must be a number (NumericDate, seconds)";
        }

        // Integer seconds (every minted token) parse without the floating-point parser; a
        // fraction or an exponent takes the general path. Both apply the same range.
        double seconds;
        if (reader.TryGetInt64(out long whole))
        {
            seconds = whole;
        }
        else if (!reader.TryGetDouble(out seconds) || !double.IsFinite(seconds))
        {
            return OutOfRange(name);
        }

        if (seconds < 0 || seconds > MaxNumericDate)
        {
            return OutOfRange(name);
        }

        value = seconds;
        return null;
    }

    private static string OutOfRange(string name) => $"the claim \"{name}\" is out of range (0 to {MaxNumericDate:0} seconds)";

    private static string? ReadAudience(ref Utf8JsonReader reader, out IReadOnlyList<string> audiences)
    {
        reader.Read();
        audiences = [];
        if (reader.TokenType == JsonTokenType.String)
        {
            audiences = [reader.GetString()!];
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return "the claim \"aud\" must be a string or an array of strings";
        }

        string? problem = ReadArrayItems(ref reader, "aud", out List<string>? list);
        if (problem is null)
        {
            audiences = list!;
        }

        return problem;
    }

    private static string? ReadStringArray(ref Utf8JsonReader reader, string name, out List<string>? values)
    {
        reader.Read();
        values = null;
        return reader.TokenType == JsonTokenType.StartArray ? ReadArrayItems(ref reader, name, out values) : $"the claim \"{name}\" must be an array of strings";
    }

    private static string? ReadArrayItems(ref Utf8JsonReader reader, string name, out List<string>? values)
    {
        values = [];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                values = null;
                return $"the claim \"{name}\" must be an array of strings";
            }

            values.Add(reader.GetString()!);
        }

        return null;
    }

    private static string? ReadVersion(ref Utf8JsonReader reader, out int version)
    {
        reader.Read();
        version = 1;
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int v) || v is < 1 or > 1000)
        {
            return "the claim \"v\" must be a positive integer";
        }

        version = v;
        return null;
    }

    private static string? ReadFva(ref Utf8JsonReader reader, out FactorVerificationAge? fva)
    {
        reader.Read();
        fva = null;
        const string problem = "the claim \"fva\" must be an array of two integers (minutes, or -1)";
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return problem;
        }

        Span<int> values = stackalloc int[2];
        int count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int v) || v < -1 || count == 2)
            {
                return problem;
            }

            values[count++] = v;
        }

        if (count != 2)
        {
            return problem;
        }

        fva = new FactorVerificationAge(values[0], values[1]);
        return null;
    }

    private static string? CheckFeatures(string? features)
    {
        if (string.IsNullOrEmpty(features))
        {
            return null;
        }

        foreach (string entry in features.Split(','))
        {
            if (entry.IndexOf(':') <= 0)
            {
                return "the claim \"fea\" must be a comma list of scope:name entries";
            }
        }

        return null;
    }
}

internal static class SpanDigits
{
    public static bool ContainsOnlyDigits(this ReadOnlySpan<char> span) => span.IndexOfAnyExceptInRange('0', '9') < 0;
}
