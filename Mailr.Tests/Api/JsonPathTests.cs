using Mailr.Api.Http;

namespace Mailr.Tests.Api;

public sealed class JsonPathTests
{
    [Theory]
    [InlineData(null, new string[0])]
    [InlineData("$", new string[0])]
    [InlineData("$.from", new[] { "from" })]
    [InlineData("$.to[1]", new[] { "to", "1" })]
    [InlineData("$.headers.X-Tag", new[] { "headers", "X-Tag" })]
    [InlineData("$.headers['X-A B']", new[] { "headers", "X-A B" })]
    [InlineData("$.headers['X-A.B']", new[] { "headers", "X-A.B" })]
    [InlineData("$.attachments[0].content_type", new[] { "attachments", "0", "content_type" })]
    public void Segments_SystemTextJsonPath_SplitsNamesAndIndexes(string? path, string[] expected)
    {
        Assert.Equal(expected, JsonPath.Segments(path));
    }
}
