using Mailr.Tests.Fakes.ProviderStubs;

namespace Mailr.Tests.Events;

/// <summary>
/// Each provider that can be asked, as a stub that speaks its real send and look-up wire formats, over the real
/// program: when it takes the message and stalls past <c>Timeout</c>, the recipient is sent exactly once across all
/// providers (the Pickup provider behind it must never see it); when its request never took effect, the recipient
/// is sent exactly once, by a later attempt.
/// </summary>
public sealed class ReconcileEndToEndTests
{
    public static TheoryData<string> Askable => ["Postmark", "Mailgun", "Mandrill", "SendGrid", "Resend"];

    private static async Task<ProviderStub> StartAsync(string type) => type switch
    {
        "Postmark" => await PostmarkStub.StartAsync(),
        "Mailgun" => await MailgunStub.StartAsync(),
        "Mandrill" => await MandrillStub.StartAsync(),
        "SendGrid" => await SendGridStub.StartAsync(),
        _ => await ResendStub.StartAsync(),
    };

    private static MailrApiFactory Factory(string type, ProviderStub stub, string backup) => new(new Dictionary<string, string?>
    {
        ["Mailr:Providers:0:Name"] = "asked",
        ["Mailr:Providers:0:Type"] = type,
        ["Mailr:Providers:0:ApiKey"] = "key",
        ["Mailr:Providers:0:Domain"] = "mg.example.com",
        ["Mailr:Providers:0:ActivityApi"] = "true",
        ["Mailr:Providers:0:BaseUrl"] = stub.BaseUrl,
        ["Mailr:Providers:0:Timeout"] = "00:00:00.5",
        ["Mailr:Providers:1:Name"] = "backup",
        ["Mailr:Providers:1:Type"] = "Pickup",
        ["Mailr:Providers:1:Directory"] = backup,
        ["Mailr:Reconcile:After"] = "00:00:00.2",
        ["Mailr:Reconcile:Within"] = "00:00:02",
        ["Mailr:Retry:Delays:0"] = "00:00:00.5",
        ["Mailr:Retry:Delays:1"] = "00:00:00.5",
        ["Mailr:ProviderHealth:Enabled"] = "false",
    });

    private static async Task<(string Id, ProviderStub Stub, string Backup, string Status)> SendAsync(string type, params SendScript[] script)
    {
        var backup = Directory.CreateTempSubdirectory("mailr-backup-").FullName;
        var stub = await StartAsync(type);
        stub.Script(script);
        await using var factory = Factory(type, stub, backup);
        var client = factory.CreateClient();
        var id = await client.PostMessageAsync(new { from = "amit@example.com", to = new[] { "nishant@example.com" }, subject = "Hello", text = "Hi" });
        await factory.Recorder.WaitFinishedAsync(id);
        var status = await client.StatusAsync(id, "nishant@example.com");
        return (id, stub, backup, status!);
    }

    [Theory]
    [MemberData(nameof(Askable))]
    public async Task TakesItThenStalls_SentExactlyOnceAcrossAllProviders(string type)
    {
        var (id, stub, backup, status) = await SendAsync(type, SendScript.TakeThenStall);
        await using (stub)
        {
            Assert.Equal("sent", status);
            Assert.Equal(1, stub.SentCount(id));
            Assert.Empty(Directory.GetFiles(backup));
        }
    }

    [Theory]
    [MemberData(nameof(Askable))]
    public async Task RequestNeverTookEffect_SentExactlyOnceByALaterAttempt(string type)
    {
        var (id, stub, backup, status) = await SendAsync(type, SendScript.StallWithoutTaking);
        await using (stub)
        {
            Assert.Equal("sent", status);
            Assert.Equal(1, stub.SentCount(id));
            Assert.Empty(Directory.GetFiles(backup));
        }
    }
}
