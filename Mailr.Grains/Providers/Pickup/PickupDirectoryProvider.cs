using Mailr.Grains.Options;

namespace Mailr.Grains.Providers.Pickup;

/// <summary>
/// Writes each message as <c>{MessageId}.eml</c> into a pickup folder (see <see cref="PickupMessage"/>
/// for the file's layout). A resend overwrites the file, and the file appears whole or not at all.
/// </summary>
internal sealed class PickupDirectoryProvider(ProviderOptions options) : IEmailProvider
{
    public const string DefaultDirectory = "mailr-pickup";

    private readonly string _directory = Path.GetFullPath(string.IsNullOrWhiteSpace(options.Directory) ? DefaultDirectory : options.Directory);

    public string Name => options.DisplayName;

    public async Task<ProviderResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        if (email.MessageId.Length == 0 || email.MessageId.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || email.MessageId.StartsWith('.'))
        {
            return ProviderResult.Permanent("the message id cannot be used as a file name");
        }

        var message = PickupMessage.Create(email);
        var path = Path.Combine(_directory, email.MessageId + ".eml");
        var temp = Path.Combine(_directory, $".{email.MessageId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(_directory);
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await message.WriteToAsync(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            return ProviderResult.Sent(message.MessageId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Disk full, permissions, a locked file: the folder may work later, or another provider now.
            return ProviderResult.Retryable($"could not write the pickup file: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover .tmp file is harmless: pickup readers only take *.eml.
        }
    }
}
