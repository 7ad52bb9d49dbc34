using YamlDotNet.RepresentationModel;

namespace Mailr.Tests.Deployment;

/// <summary>
/// The repository's docker-compose.yml, read with YamlDotNet. Tests that start silo processes use
/// <see cref="SiloEnvironment"/> so they run with the settings the compose file ships.
/// </summary>
public sealed class ComposeFile
{
    public const string RedisService = "redis";
    public const string SiloService = "silo";
    public const string NginxService = "nginx";

    private readonly YamlMappingNode _services;

    private ComposeFile(YamlMappingNode root) => _services = (YamlMappingNode)root["services"];

    /// <summary>The folder holding Mailr.sln, found upwards from the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static ComposeFile Load(string? path = null)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(path ?? Path.Combine(RepositoryRoot, "docker-compose.yml"));
        yaml.Load(reader);
        return new ComposeFile((YamlMappingNode)yaml.Documents[0].RootNode);
    }

    /// <summary>The silo service's environment, as written (variable name → value).</summary>
    public IReadOnlyDictionary<string, string> SiloEnvironment => Environment(SiloService);

    /// <summary>The Redis service's command, one argument per entry (<c>redis-server</c> first).</summary>
    public IReadOnlyList<string> RedisCommand => Service(RedisService)["command"] switch
    {
        YamlSequenceNode list => [.. list.Select(Scalar)],
        var single => Scalar(single).Split(' ', StringSplitOptions.RemoveEmptyEntries),
    };

    public int SiloReplicas => int.Parse(Scalar(((YamlMappingNode)Service(SiloService)["deploy"])["replicas"]), System.Globalization.CultureInfo.InvariantCulture);

    public YamlMappingNode Service(string name) => (YamlMappingNode)_services[name];

    public IReadOnlyDictionary<string, string> Environment(string service) => Service(service)["environment"] switch
    {
        YamlMappingNode map => map.ToDictionary(e => Scalar(e.Key), e => Scalar(e.Value)),
        YamlSequenceNode list => list.Select(Scalar).Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : ""),
        var other => throw new InvalidOperationException($"services.{service}.environment is a {other.NodeType}"),
    };

    /// <summary>
    /// Environment variables as the .NET host turns them into configuration: <c>__</c> is <c>:</c>,
    /// and the <c>ASPNETCORE_</c> prefix of host settings is dropped.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ToConfiguration(IReadOnlyDictionary<string, string> environment) =>
        environment.ToDictionary(e => ConfigurationPath(e.Key), e => (string?)e.Value, StringComparer.OrdinalIgnoreCase);

    public static string ConfigurationPath(string variable)
    {
        var path = variable.Replace("__", ":", StringComparison.Ordinal);
        return path.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) ? path["ASPNETCORE_".Length..] : path;
    }

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mailr.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Mailr.sln above {AppContext.BaseDirectory}");
    }
}
