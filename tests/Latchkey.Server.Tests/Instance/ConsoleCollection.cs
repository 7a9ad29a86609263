namespace Latchkey.Server.Tests.Instance;

/// <summary>Tests that redirect Console run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}
