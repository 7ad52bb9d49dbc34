using System.Net.Http.Headers;
using Mailr.Tests.Auth;

namespace Mailr.Tests.RateLimits;

/// <summary>API keys with rate limits as host settings, and clients that send them.</summary>
public static class LimitedKeys
{
    public static string Secret(string name) => $"mk_{name}_0123456789abcdefghijklmnopqrstuvwxyz";

    public static Dictionary<string, string?> Settings(params (string Name, int? PerSecond, int? PerDay)[] keys)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < keys.Length; i++)
        {
            var (name, perSecond, perDay) = keys[i];
            settings[$"Mailr:ApiKeys:{i}:Name"] = name;
            settings[$"Mailr:ApiKeys:{i}:Sha256"] = ApiKeyFixture.Sha256(Secret(name));
            settings[$"Mailr:ApiKeys:{i}:RequestsPerSecond"] = perSecond?.ToString();
            settings[$"Mailr:ApiKeys:{i}:RecipientsPerDay"] = perDay?.ToString();
        }

        return settings;
    }

    public static HttpClient Client(MailrApiFactory factory, string name)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Secret(name));
        return client;
    }

    /// <summary>A lookup that reaches a grain and answers 404: the cheapest counted API call.</summary>
    public static Task<HttpResponseMessage> LookUpAsync(HttpClient client) => client.GetAsync($"/messages/{MessageId.New()}");

    /// <summary>A message to <paramref name="recipients"/> distinct addresses.</summary>
    public static object Message(int recipients) => new
    {
        from = "amit@example.com",
        to = Enumerable.Range(1, recipients).Select(i => $"r{i}@example.com").ToArray(),
        subject = "Hello",
        text = "Hi",
    };
}
