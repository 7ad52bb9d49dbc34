using MailKit.Security;
using Mailr.Grains.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mailr.Grains.Providers.Smtp;

/// <summary>
/// The <c>Smtp</c> type: needs <c>Host</c>; <c>Security</c> is <c>StartTls</c> (default), <c>SslOnConnect</c>
/// or <c>None</c>; <c>Port</c> defaults to 587, 465 or 25 accordingly; AUTH when <c>UserName</c> is set.
/// </summary>
internal sealed class SmtpProviderType : IEmailProviderType
{
    public string Type => "Smtp";

    public IEnumerable<string> Validate(ProviderOptions options, string key)
    {
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            yield return $"{key}:Host is required for Smtp.";
        }

        if (ParseSecurity(options.Security) is null)
        {
            yield return $"{key}:Security '{options.Security}' is not StartTls, SslOnConnect or None.";
        }

        if (options.Port is < 1 or > 65535)
        {
            yield return $"{key}:Port {options.Port} is not between 1 and 65535.";
        }

        if (!string.IsNullOrEmpty(options.Password) && string.IsNullOrEmpty(options.UserName))
        {
            yield return $"{key}:UserName is required when Password is set.";
        }
    }

    public IEmailProvider Create(ProviderOptions options, IServiceProvider services) =>
        new SmtpProvider(options, services.GetRequiredService<ILogger<SmtpProvider>>());

    /// <summary>The MailKit option for <c>Security</c>, or null when it is none of the three.</summary>
    public static SecureSocketOptions? ParseSecurity(string? security) => security?.Trim().ToLowerInvariant() switch
    {
        null or "" or "starttls" => SecureSocketOptions.StartTls,
        "sslonconnect" => SecureSocketOptions.SslOnConnect,
        "none" => SecureSocketOptions.None,
        _ => null,
    };

    public static int DefaultPort(SecureSocketOptions security) => security switch
    {
        SecureSocketOptions.SslOnConnect => 465,
        SecureSocketOptions.None => 25,
        _ => 587,
    };
}
