namespace Latchkey.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Tags a test with the §5.6 rows (<c>C1</c>..<c>C18</c>) and the reason codes it proves. The
/// coverage test checks that every row and every code of the catalogue is claimed by a test; each
/// tagged test asserts its code.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
internal sealed class CoversAttribute(params string[] items) : Attribute
{
    public IReadOnlyList<string> Items { get; } = items;
}
