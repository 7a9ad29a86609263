namespace Latchkey.Tokens;

/// <summary>The instance type a key belongs to (protocol §1.1).</summary>
public enum InstanceType
{
    /// <summary>Development instance: <c>pk_test_</c> / <c>sk_test_</c>.</summary>
    Development = 0,

    /// <summary>Production instance: <c>pk_live_</c> / <c>sk_live_</c>.</summary>
    Production = 1,
}
