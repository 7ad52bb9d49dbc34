using System.Net;
using Mailr.Grains.Suppression;

namespace Mailr.Tests.Suppression;

/// <summary>With no keys configured the list is open mode's own (owner ""), and there is no other key to name.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenModeSuppressionApiTests(ApiFixture fixture)
{
    [Fact]
    public async Task PutGetDelete_NoKeys_ManageTheOpenModeList()
    {
        var email = $"open-{Guid.NewGuid():N}@example.com";
        var path = $"/suppressions/{Uri.EscapeDataString(email)}";
        var list = fixture.Factory.Services.GetRequiredService<ISuppressionList>();

        var put = await fixture.Client.PutAsync(path, null);
        var stored = await list.GetAsync("", email);
        var get = await fixture.Client.GetAsync(path);
        var delete = await fixture.Client.DeleteAsync(path);

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(SuppressionReason.Manual, stored?.Reason);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Null(await list.GetAsync("", email));
    }

    [Fact]
    public async Task List_KeyParameterInOpenMode_Returns400()
    {
        await MailrClient.AssertErrorAsync(await fixture.Client.GetAsync("/suppressions?key=alpha"), HttpStatusCode.BadRequest, "'alpha'");
    }
}
