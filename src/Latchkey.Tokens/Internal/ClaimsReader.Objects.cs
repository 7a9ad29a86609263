using System.Text.Json;

namespace Latchkey.Tokens.Internal;

/// <summary>The object-valued claims (<c>act</c>, <c>o</c>) and their member checks.</summary>
internal static partial class ClaimsReader
{
    private static string? ReadActor(ref Utf8JsonReader reader, ref JsonNameTracker names, out ActorClaim? actor)
    {
        reader.Read();
        actor = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "the claim \"act\" must be an object";
        }

        names.EnterObject();
        string? sub = null, sid = null, iss = null, type = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!names.TryAdd(ref reader))
            {
                return DuplicateInClaim;
            }

            string? problem = null;
            if (reader.ValueTextEquals("sub"u8)) { problem = ReadString(ref reader, "act.sub", out sub); }
            else if (reader.ValueTextEquals("sid"u8)) { problem = ReadString(ref reader, "act.sid", out sid); }
            else if (reader.ValueTextEquals("iss"u8)) { problem = ReadString(ref reader, "act.iss", out iss); }
            else if (reader.ValueTextEquals("type"u8)) { problem = ReadString(ref reader, "act.type", out type); }
            else
            {
                reader.Read();
                if (!StrictJson.SkipValue(ref reader, ref names))
                {
                    return DuplicateInClaim;
                }
            }

            if (problem is not null)
            {
                return problem;
            }
        }

        names.ExitObject();
        if (string.IsNullOrEmpty(sub))
        {
            return "the claim \"act\" must have a non-empty string \"sub\"";
        }

        actor = new ActorClaim(sub, sid, iss, type);
        return null;
    }

    private static string? ReadOrganization(ref Utf8JsonReader reader, ref JsonNameTracker names, out OrganizationClaim? organization)
    {
        reader.Read();
        organization = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "the claim \"o\" must be an object";
        }

        names.EnterObject();
        string? id = null, slug = null, role = null, per = null, fpm = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!names.TryAdd(ref reader))
            {
                return DuplicateInClaim;
            }

            string? problem = null;
            if (reader.ValueTextEquals("id"u8)) { problem = ReadString(ref reader, "o.id", out id); }
            else if (reader.ValueTextEquals("slg"u8)) { problem = ReadString(ref reader, "o.slg", out slug); }
            else if (reader.ValueTextEquals("rol"u8)) { problem = ReadString(ref reader, "o.rol", out role); }
            else if (reader.ValueTextEquals("per"u8)) { problem = ReadString(ref reader, "o.per", out per); }
            else if (reader.ValueTextEquals("fpm"u8)) { problem = ReadString(ref reader, "o.fpm", out fpm) ?? CheckMasks(fpm); }
            else
            {
                reader.Read();
                if (!StrictJson.SkipValue(ref reader, ref names))
                {
                    return DuplicateInClaim;
                }
            }

            if (problem is not null)
            {
                return problem;
            }
        }

        names.ExitObject();
        if (string.IsNullOrEmpty(id))
        {
            return "the claim \"o\" must have a non-empty string \"id\"";
        }

        organization = new OrganizationClaim(id, slug, role, per, fpm);
        return null;
    }

    private static string? CheckMasks(string? fpm)
    {
        if (string.IsNullOrEmpty(fpm))
        {
            return null;
        }

        foreach (string part in fpm.Split(','))
        {
            if (part.Length == 0 || part.Length > 1000 || !part.AsSpan().ContainsOnlyDigits())
            {
                return "the claim \"o.fpm\" must be a comma list of decimal integers";
            }
        }

        return null;
    }
}
