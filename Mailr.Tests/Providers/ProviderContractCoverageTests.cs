namespace Mailr.Tests.Providers;

public sealed class ProviderContractCoverageTests
{
    [Fact]
    public void Registered_EveryProviderType_HasAContractClass()
    {
        using var services = ProviderTestData.HttpServices(withProviderTypes: true);
        var registered = services.GetServices<IEmailProviderType>().Select(t => t.Type).ToList();

        var covered = typeof(ProviderContractCoverageTests).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(ProviderContractTests)))
            .Select(TypeUnderTest)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.NotEmpty(registered);
        Assert.All(registered, type => Assert.Contains(type, covered));
    }

    private static string TypeUnderTest(Type contractClass)
    {
        var contract = (ProviderContractTests)Activator.CreateInstance(contractClass)!;
        try
        {
            return contract.ProviderType;
        }
        finally
        {
            contract.Dispose();
        }
    }
}
