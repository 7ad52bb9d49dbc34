using System.Net;
using Mailr.Api.Http;
using Mailr.Tests.Telemetry;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Mailr.Tests.Api;

public sealed class FailureAnswerTests
{
    public static TheoryData<Exception> Infrastructure => new()
    {
        new IOException("unreachable"),
        new TimeoutException(),
        new RedisConnectionException(ConnectionFailureType.UnableToConnect, "no redis"),
        new RedisTimeoutException("slow", CommandStatus.Sent),
        new AggregateException(new RedisConnectionException(ConnectionFailureType.SocketFailure, "reset")),
        new InvalidOperationException("wrapper", new SiloUnavailableException("gone")),
        new MessageConflictException("GnLB-V-y822qMUYbN-Pc7w"),
    };

    public static TheoryData<Exception> Bugs => new()
    {
        new InvalidOperationException("a bug"),
        new NullReferenceException(),
        new ArgumentOutOfRangeException("index"),
        new KeyNotFoundException(),
        new FormatException(),
    };

    [Theory]
    [MemberData(nameof(Infrastructure))]
    public void Matches_InfrastructureFailure_True(Exception exception)
    {
        var failures = new InfrastructureFailures([new InfrastructureFailureType(typeof(RedisException))]);

        Assert.True(failures.Matches(exception));
    }

    [Theory]
    [MemberData(nameof(Bugs))]
    public void Matches_Bug_False(Exception exception)
    {
        var failures = new InfrastructureFailures([new InfrastructureFailureType(typeof(RedisException))]);

        Assert.False(failures.Matches(exception));
    }

    [Fact]
    public void Matches_RedisExceptionWithoutRedisMode_False()
    {
        Assert.False(new InfrastructureFailures([]).Matches(new RedisConnectionException(ConnectionFailureType.UnableToConnect, "no redis")));
    }

    [Fact]
    public async Task Post_StoreHasABug_Returns500WithoutRetryAfterAndLogsIt()
    {
        var logs = new CapturedLogs();
        await using var factory = new MailrApiFactory(services: s =>
        {
            s.AddSingleton<IMessageStore>(new FailingMessageStore(() => new InvalidOperationException("a defect in the store")));
            s.AddSingleton<ILoggerProvider>(logs);
        });
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/messages", Json.Body(Json.SampleRequest()));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Null(response.Headers.RetryAfter);
        Assert.Contains("fault in Mailr", (await Json.ReadAsync(response)).GetProperty("message").GetString());
        Assert.Contains(logs.Entries, e => e.StartsWith("Critical") && e.Contains("a defect in the store"));
        Assert.Empty(Directory.EnumerateFiles(factory.PickupDirectory));
    }
}
