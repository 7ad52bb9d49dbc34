using Orleans.Storage;

namespace Mailr.Tests.Fakes;

/// <summary>Grain storage that reads nothing and fails every write, as an unreachable Redis would.</summary>
public sealed class FailingGrainStorage : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        throw new IOException("storage is unreachable");

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        throw new IOException("storage is unreachable");
}
