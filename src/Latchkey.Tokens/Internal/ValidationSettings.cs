namespace Latchkey.Tokens.Internal;

/// <summary>An immutable, validated copy of <see cref="TokenValidationOptions"/>.</summary>
internal sealed class ValidationSettings
{
    public ValidationSettings(TokenValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Issuers = Copy(options.ValidIssuers, nameof(options.ValidIssuers));
        AuthorizedParties = Copy(options.AuthorizedParties, nameof(options.AuthorizedParties));
        Audiences = Copy(options.Audiences, nameof(options.Audiences));
        AllowedTypes = Copy(options.AllowedTypes, nameof(options.AllowedTypes));
        ValidateIssuer = options.ValidateIssuer;
        if (ValidateIssuer && Issuers.Length == 0)
        {
            throw new ArgumentException(
                "TokenValidationOptions.ValidIssuers is empty: add the Frontend API URL that mints the tokens "
                + "(e.g. https://clerk.example.com), or set ValidateIssuer = false to skip the issuer check.", nameof(options));
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ClockSkew, "TokenValidationOptions.ClockSkew must be between 0 and 5 minutes.");
        }

        ClockSkewMs = (long)options.ClockSkew.TotalMilliseconds;
        if (options.MaxTokenLength is < 512 or > 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxTokenLength, "TokenValidationOptions.MaxTokenLength must be between 512 and 1,048,576.");
        }

        MaxTokenLength = options.MaxTokenLength;
        if (options.MaxJsonDepth is < 2 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxJsonDepth, "TokenValidationOptions.MaxJsonDepth must be between 2 and 64.");
        }

        MaxJsonDepth = options.MaxJsonDepth;
        foreach (string name in Copy(options.AllowedAlgorithms, nameof(options.AllowedAlgorithms)))
        {
            JwsAlgorithm algorithm = JwsAlgorithms.Parse(name);
            if (algorithm == JwsAlgorithm.None)
            {
                throw new ArgumentException($"TokenValidationOptions.AllowedAlgorithms holds \"{name}\"; only {string.Join(", ", SigningAlgorithms.All)} can be allowed.", nameof(options));
            }

            AllowedAlgorithms |= algorithm;
        }

        if (AllowedAlgorithms == JwsAlgorithm.None)
        {
            throw new ArgumentException("TokenValidationOptions.AllowedAlgorithms is empty; allow at least RS256.", nameof(options));
        }

        Known = new KnownValues(Issuers, AuthorizedParties);
        Types = new KnownValues.Set(AllowedTypes);
        Kind = options.TokenKind;
        if (!Enum.IsDefined(Kind))
        {
            throw new ArgumentOutOfRangeException(nameof(options), Kind, "Unknown TokenKind.");
        }
    }

    public string[] Issuers { get; }

    public bool ValidateIssuer { get; }

    public string[] AuthorizedParties { get; }

    public string[] Audiences { get; }

    public string[] AllowedTypes { get; }

    public long ClockSkewMs { get; }

    public int MaxTokenLength { get; }

    public int MaxJsonDepth { get; }

    public JwsAlgorithm AllowedAlgorithms { get; }

    public TokenKind Kind { get; }

    public KnownValues Known { get; }

    public KnownValues.Set Types { get; }

    private static string[] Copy(IList<string> values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        foreach (string value in values)
        {
            if (string.IsNullOrEmpty(value))
            {
                throw new ArgumentException($"TokenValidationOptions.{name} holds an empty value.", name);
            }
        }

        return [.. values.Distinct(StringComparer.Ordinal)];
    }
}
