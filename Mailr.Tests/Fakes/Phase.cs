namespace Mailr.Tests.Fakes;

/// <summary>Waits on a test's phase barrier with a timeout whose message names the phase.</summary>
public static class Phase
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    public static async Task Within(this Task task, string phase, TimeSpan? timeout = null)
    {
        try
        {
            await task.WaitAsync(timeout ?? s_timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{phase}: not reached within {timeout ?? s_timeout}", e);
        }
    }

    public static async Task<T> Within<T>(this Task<T> task, string phase, TimeSpan? timeout = null)
    {
        await ((Task)task).Within(phase, timeout);
        return await task;
    }
}
