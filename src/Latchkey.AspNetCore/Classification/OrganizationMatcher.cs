using System.Text;
using System.Text.RegularExpressions;

namespace Latchkey.AspNetCore.Classification;

/// <summary>
/// Finds the organization a URL path asks for (protocol.md §5.6 C17): organization patterns
/// first (<c>:id</c> → id, <c>:slug</c> → slug), then personal-account patterns. Patterns are
/// compiled once: literal segments match case-insensitively, <c>:name</c> one segment,
/// <c>(.*)</c> the rest; a trailing slash is optional.
/// </summary>
internal sealed class OrganizationMatcher
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(50);
    private readonly Regex[] _organization;
    private readonly Regex[] _personal;

    public OrganizationMatcher(OrganizationSyncOptions? options)
    {
        _organization = Compile(options?.OrganizationPatterns);
        _personal = Compile(options?.PersonalAccountPatterns);
    }

    public bool IsEmpty => _organization.Length == 0 && _personal.Length == 0;

    public OrganizationSyncTarget? FindTarget(string path)
    {
        foreach (var regex in _organization)
        {
            var match = regex.Match(path);
            if (!match.Success)
            {
                continue;
            }

            var id = match.Groups["id"];
            if (id.Success && id.Length > 0)
            {
                return new OrganizationSyncTarget(false, Uri.UnescapeDataString(id.Value), null);
            }

            var slug = match.Groups["slug"];
            if (slug.Success && slug.Length > 0)
            {
                return new OrganizationSyncTarget(false, null, Uri.UnescapeDataString(slug.Value));
            }

            return null;
        }

        foreach (var regex in _personal)
        {
            if (regex.IsMatch(path))
            {
                return new OrganizationSyncTarget(true, null, null);
            }
        }

        return null;
    }

    /// <summary>Compiles one pattern; throws <see cref="ArgumentException"/> with the pattern when it is invalid.</summary>
    internal static Regex CompilePattern(string pattern)
    {
        if (string.IsNullOrEmpty(pattern) || pattern[0] != '/')
        {
            throw new ArgumentException($"Invalid organization pattern \"{pattern}\": it must start with '/'.");
        }

        var sb = new StringBuilder("^");
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == ':')
            {
                var start = ++i;
                while (i < pattern.Length && (char.IsAsciiLetterOrDigit(pattern[i]) || pattern[i] == '_'))
                {
                    i++;
                }

                var name = pattern[start..i];
                if (name.Length == 0)
                {
                    throw new ArgumentException($"Invalid organization pattern \"{pattern}\": ':' must be followed by a name.");
                }

                sb.Append(name is "id" or "slug" ? $"(?<{name}>[^/]+)" : "[^/]+");
            }
            else if (pattern.AsSpan(i).StartsWith("(.*)"))
            {
                sb.Append(".*");
                i += 4;
            }
            else if (c is '(' or ')' or '*' or '?' or '+' or '{' or '}')
            {
                throw new ArgumentException($"Invalid organization pattern \"{pattern}\": unsupported character '{c}'.");
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
                i++;
            }
        }

        sb.Append("/?$");
        return new Regex(sb.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);
    }

    private static Regex[] Compile(IList<string>? patterns) =>
        patterns is null ? [] : patterns.Select(CompilePattern).ToArray();
}

/// <summary>The organization a URL asks for: personal account, or an organization by id or slug.</summary>
internal sealed record OrganizationSyncTarget(bool PersonalAccount, string? OrganizationId, string? OrganizationSlug);
