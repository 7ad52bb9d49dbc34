using Mailr.Grains.Options;

namespace Mailr.Grains.Providers.Pickup;

/// <summary>The <c>Pickup</c> type: a folder of <c>.eml</c> files; needs nothing (<c>Directory</c> defaults to <c>mailr-pickup</c>).</summary>
internal sealed class PickupProviderType : IEmailProviderType
{
    public string Type => "Pickup";

    public IEnumerable<string> Validate(ProviderOptions options, string key)
    {
        if (options.Directory is { } directory && directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            yield return $"{key}:Directory '{directory}' is not a valid path.";
        }
    }

    public IEmailProvider Create(ProviderOptions options, IServiceProvider services) => new PickupDirectoryProvider(options);
}
