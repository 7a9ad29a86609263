namespace Latchkey.Load.Tests;

/// <summary>Load tests run one after another: each wants the machine's cores to itself.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadCollection
{
    public const string Name = "load";
}
