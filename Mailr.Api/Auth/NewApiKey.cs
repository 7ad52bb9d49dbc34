using System.Security.Cryptography;
using System.Text;

namespace Mailr.Api.Auth;

/// <summary><c>new-api-key [name]</c>: makes a random key and prints it once, with the SHA-256 that Mailr is configured with.</summary>
public static class NewApiKey
{
    public const string Command = "new-api-key";

    /// <summary>Runs the command when <paramref name="args"/> asks for it; false otherwise (start the service).</summary>
    public static bool TryRun(string[] args, TextWriter output)
    {
        if (args.Length == 0 || args[0] != Command)
        {
            return false;
        }

        var name = args.Length > 1 ? args[1] : "my-key";
        var (key, sha256) = Create();
        output.WriteLine($"key (give it to the client; Mailr never stores it): {key}");
        output.WriteLine($"sha256: {sha256}");
        output.WriteLine("environment:");
        output.WriteLine($"  Mailr__ApiKeys__0__Name={name}");
        output.WriteLine($"  Mailr__ApiKeys__0__Sha256={sha256}");
        return true;
    }

    /// <summary>256 random bits in URL-safe base64 behind an <c>mk_</c> prefix, and the key's lowercase hex SHA-256.</summary>
    public static (string Key, string Sha256) Create()
    {
        var key = "mk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (key, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))));
    }
}
