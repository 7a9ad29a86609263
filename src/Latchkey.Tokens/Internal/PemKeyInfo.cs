using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Latchkey.Tokens.Internal;

/// <summary>Reads the algorithm identifier out of SPKI and PKCS#8 DER so the right importer runs.</summary>
internal static class PemKeyInfo
{
    /// <summary>Finds exactly one PEM block with <paramref name="label"/> and returns its DER bytes.</summary>
    public static byte[] ReadSingle(string pem, string label)
    {
        ArgumentNullException.ThrowIfNull(pem);
        ReadOnlySpan<char> text = pem;
        if (!PemEncoding.TryFind(text, out PemFields fields))
        {
            throw new FormatException($"No PEM block found; expected \"-----BEGIN {label}-----\".");
        }

        ReadOnlySpan<char> found = text[fields.Label];
        if (!found.SequenceEqual(label))
        {
            throw new FormatException($"The PEM block is \"{found}\"; expected \"{label}\".");
        }

        if (PemEncoding.TryFind(text[fields.Location.End..], out _))
        {
            throw new FormatException("The PEM text holds more than one block; give exactly one key.");
        }

        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(text[fields.Base64Data], der, out int written) || written != der.Length)
        {
            throw new FormatException("The PEM block's base64 body is invalid.");
        }

        return der;
    }

    /// <summary>Classifies a SubjectPublicKeyInfo (<paramref name="isPrivate"/> false) or PKCS#8 PrivateKeyInfo.</summary>
    public static KeyType Classify(byte[] der, bool isPrivate)
    {
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            AsnReader outer = reader.ReadSequence();
            if (isPrivate)
            {
                outer.ReadInteger();
            }

            AsnReader algorithm = outer.ReadSequence();
            string oid = algorithm.ReadObjectIdentifier();
            switch (oid)
            {
                case KeyRules.OidRsa:
                    return KeyType.Rsa;
                case KeyRules.OidEd25519:
                    return KeyType.Ed25519;
                case KeyRules.OidEc:
                    string curve = algorithm.HasData ? algorithm.ReadObjectIdentifier() : "";
                    if (curve != KeyRules.OidP256)
                    {
                        throw new FormatException($"The EC key is on curve {curve}; only P-256 ({KeyRules.OidP256}) is supported.");
                    }

                    return KeyType.EcP256;
                default:
                    throw new FormatException($"Unsupported key algorithm {oid}; use RSA, EC P-256 or Ed25519.");
            }
        }
        catch (AsnContentException e)
        {
            throw new FormatException("The key is not valid DER.", e);
        }
    }
}
