using Latchkey.Tokens;

namespace Latchkey.Cli.Tests.Support;

/// <summary>Key files on disk for --pem and --jwks, written once into a private temporary folder.</summary>
internal static class KeyFiles
{
    private static readonly Lazy<string> LazyFolder = new(CreateFolder);

    public static string Folder => LazyFolder.Value;

    /// <summary>The instance's SPKI public key.</summary>
    public static string Pem => Path.Combine(Folder, "public.pem");

    /// <summary>A JWKS with the instance key and an EC key.</summary>
    public static string Jwks => Path.Combine(Folder, "jwks.json");

    /// <summary>The instance's private key (PKCS#8), to check that --pem refuses it.</summary>
    public static string PrivatePem => Path.Combine(Folder, "private.pem");

    /// <summary>Writes <paramref name="content"/> into a new file of the folder and returns its path.</summary>
    public static string Write(string name, string content)
    {
        string path = Path.Combine(Folder, Guid.NewGuid().ToString("n") + "-" + name);
        File.WriteAllText(path, content);
        return path;
    }

    public static string WriteBytes(string name, byte[] content)
    {
        string path = Path.Combine(Folder, Guid.NewGuid().ToString("n") + "-" + name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public static string JwksJson => VerificationKeySet.Create(TestKeys.Rsa.PublicKey, TestKeys.Ec.PublicKey).ToJwks().ToJson();

    private static string CreateFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "latchkey-cli-tests-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("n")[..8]);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "public.pem"), TestKeys.Rsa.PublicKey.ExportSpkiPem());
        File.WriteAllText(Path.Combine(folder, "jwks.json"), JwksJson);
        File.WriteAllText(Path.Combine(folder, "private.pem"), TestKeys.Rsa.ExportPkcs8Pem());
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless.
            }
        };
        return folder;
    }
}
