using System.Text;
using Mailr.Grains.Providers.AmazonSes;

namespace Mailr.Tests.Providers;

public sealed class SigV4Tests
{
    // AWS's worked example (IAM User Guide, "Create a signed AWS API request" / sigv4 examples): IAM ListUsers.
    private static readonly Uri s_uri = new("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08");
    private static readonly Dictionary<string, string> s_headers = new()
    {
        ["content-type"] = "application/x-www-form-urlencoded; charset=utf-8",
        ["host"] = "iam.amazonaws.com",
        ["x-amz-date"] = "20150830T123600Z",
    };

    [Fact]
    public void CanonicalRequest_AwsExample_MatchesPublishedText()
    {
        var canonical = SigV4.CanonicalRequest("GET", s_uri, s_headers, []);

        Assert.Equal(
            "GET\n/\nAction=ListUsers&Version=2010-05-08\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\n"
            + "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            canonical);
        Assert.Equal("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59",
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
    }

    [Fact]
    public void Authorization_AwsExample_MatchesPublishedSignature()
    {
        var authorization = SigV4.Authorization(
            "GET", s_uri, s_headers, [], "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", "iam",
            new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero));

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, "
            + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
            authorization);
    }
}
