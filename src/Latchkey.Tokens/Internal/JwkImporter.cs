using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Latchkey.Tokens.Internal;

/// <summary>Turns a <see cref="JsonWebKey"/> into a <see cref="VerificationKey"/>, or says why it cannot.</summary>
internal static class JwkImporter
{
    public static bool TryImport(JsonWebKey jwk, string? kid, [NotNullWhen(true)] out VerificationKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        error = Check(jwk, kid);
        if (error is not null)
        {
            return false;
        }

        try
        {
            key = Import(jwk, kid!);
            return true;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
        catch (CryptographicException e)
        {
            error = "the key material is invalid: " + e.Message;
            return false;
        }
    }

    private static string? Check(JsonWebKey jwk, string? kid)
    {
        if (kid is null)
        {
            return "the JWK has no kid";
        }

        if (KeyRules.KidProblem(kid) is { } kidProblem)
        {
            return kidProblem;
        }

        if (jwk.Use is not null && jwk.Use != "sig")
        {
            return $"the JWK use is \"{jwk.Use}\"; only \"sig\" keys verify signatures";
        }

        if (jwk.KeyOps is not null && !jwk.KeyOps.Contains("verify"))
        {
            return "the JWK key_ops do not include \"verify\"";
        }

        return jwk.Kty switch
        {
            "RSA" or "EC" or "OKP" => null,
            null => "the JWK has no kty",
            _ => $"the JWK kty \"{jwk.Kty}\" is not supported (only RSA, EC P-256 and OKP Ed25519 verify)",
        };
    }

    private static VerificationKey Import(JsonWebKey jwk, string kid)
    {
        switch (jwk.Kty)
        {
            case "RSA":
            {
                JwsAlgorithm allowed = Algorithms(KeyType.Rsa, jwk.Alg);
                byte[] n = Member(jwk.N, "n");
                byte[] e = Member(jwk.E, "e");
                if (n.Length > 0 && n[0] == 0)
                {
                    throw new FormatException("the RSA modulus has a leading zero octet (RFC 7518 §6.3.1.1 requires the minimal encoding)");
                }

                if (e.Length > 0 && e[0] == 0)
                {
                    throw new FormatException("the RSA exponent has a leading zero octet (RFC 7518 §6.3.1.2 requires the minimal encoding)");
                }

                string? problem = KeyRules.CheckRsa(new RSAParameters { Modulus = n, Exponent = e });
                if (problem is not null)
                {
                    throw new FormatException(problem);
                }

                var rsa = RSA.Create();
                rsa.ImportParameters(new RSAParameters { Modulus = n, Exponent = e });
                return VerificationKey.CreateRsa(kid, rsa, allowed);
            }

            case "EC":
            {
                if (jwk.Crv != "P-256")
                {
                    throw new FormatException($"the EC curve \"{jwk.Crv}\" is not supported (only P-256)");
                }

                JwsAlgorithm allowed = Algorithms(KeyType.EcP256, jwk.Alg);
                byte[] x = Member(jwk.X, "x");
                byte[] y = Member(jwk.Y, "y");
                if (x.Length != 32 || y.Length != 32)
                {
                    throw new FormatException("the P-256 coordinates must be 32 bytes each");
                }

                ECDsa ec;
                try
                {
                    ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } });
                }
                catch (CryptographicException)
                {
                    throw new FormatException("the EC public key is not a point on P-256");
                }

                return VerificationKey.CreateEc(kid, ec, allowed);
            }

            default:
            {
                if (jwk.Crv != "Ed25519")
                {
                    throw new FormatException($"the OKP curve \"{jwk.Crv}\" is not supported (only Ed25519)");
                }

                string? alg = jwk.Alg == "Ed25519" ? SigningAlgorithms.EdDSA : jwk.Alg;
                JwsAlgorithm allowed = Algorithms(KeyType.Ed25519, alg);
                byte[] x = Member(jwk.X, "x");
                return VerificationKey.CreateEd25519(kid, x, allowed);
            }
        }
    }

    private static JwsAlgorithm Algorithms(KeyType type, string? alg)
    {
        try
        {
            return VerificationKey.AlgorithmsFor(type, alg);
        }
        catch (FormatException)
        {
            throw new FormatException($"the JWK alg \"{alg}\" is not allowed for a {type} key");
        }
    }

    private static byte[] Member(string? value, string name)
    {
        if (value is null)
        {
            throw new FormatException($"the JWK has no \"{name}\"");
        }

        return Base64UrlStrict.DecodeToArray(value)
            ?? throw new FormatException($"the JWK member \"{name}\" is not canonical base64url");
    }
}
