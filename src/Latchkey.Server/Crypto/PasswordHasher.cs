using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Latchkey.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Crypto;

/// <summary>
/// PBKDF2-HMAC-SHA256 from the platform (<see cref="Rfc2898DeriveBytes.Pbkdf2(ReadOnlySpan{byte}, ReadOnlySpan{byte}, int, HashAlgorithmName, int)"/>).
/// Hash strings carry their parameters: <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt b64&gt;$&lt;hash b64&gt;</c>,
/// so the iteration count can change without invalidating stored hashes. Unknown users are
/// verified against a dummy hash with the same cost, so timing does not reveal them.
/// </summary>
internal sealed class PasswordHasher
{
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltSize = 16;
    private const int HashSize = 32;
    private readonly int _iterations;
    private readonly Lazy<string> _dummy;

    public PasswordHasher(IOptions<LatchkeyServerOptions> options)
    {
        _iterations = options.Value.Passwords.Iterations;
        _dummy = new Lazy<string>(() => Hash(SecureRandom.Token()));
    }

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Derive(password, salt, _iterations);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${_iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Checks a password against a stored hash, or against the dummy hash when <paramref name="storedHash"/> is null (always false then).</summary>
    public PasswordCheck Verify(string? storedHash, string password)
    {
        var target = storedHash ?? _dummy.Value;
        var parts = target.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return PasswordCheck.Failed;
        }

        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return PasswordCheck.Failed;
        }

        var actual = Derive(password, salt, iterations);
        var equal = CryptographicOperations.FixedTimeEquals(actual, expected);
        if (!equal || storedHash is null)
        {
            return PasswordCheck.Failed;
        }

        return iterations == _iterations ? PasswordCheck.Succeeded : PasswordCheck.SucceededNeedsRehash;
    }

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashSize);
}

/// <summary>Outcome of <see cref="PasswordHasher.Verify"/>.</summary>
internal enum PasswordCheck
{
    Failed,
    Succeeded,
    SucceededNeedsRehash,
}
