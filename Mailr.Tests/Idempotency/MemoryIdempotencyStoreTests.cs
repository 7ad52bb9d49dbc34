namespace Mailr.Tests.Idempotency;

public sealed class MemoryIdempotencyStoreTests : IdempotencyStoreContractTests
{
    protected override IIdempotencyStore Store { get; } = new MemoryIdempotencyStore();
}
