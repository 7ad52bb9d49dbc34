using System.Text.Json;
using System.Text.Json.Serialization;
using Mailr.Api.Http;

namespace Mailr.Tests.Api;

public sealed class RequestJsonContextTests
{
    [Fact]
    public void Options_AreSystemTextJsonStrict()
    {
        var options = RequestJsonContext.Default.Options;

        Assert.Equal(JsonUnmappedMemberHandling.Disallow, options.UnmappedMemberHandling);
        Assert.False(options.AllowDuplicateProperties);
        Assert.True(options.RespectNullableAnnotations);
        Assert.True(options.RespectRequiredConstructorParameters);
        Assert.False(options.PropertyNameCaseInsensitive);
        Assert.Equal(JsonNumberHandling.Strict, options.NumberHandling);
        Assert.Equal(JsonCommentHandling.Disallow, options.ReadCommentHandling);
        Assert.False(options.AllowTrailingCommas);
    }
}
