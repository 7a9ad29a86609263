namespace Latchkey.Server.Hosting;

/// <summary>A step run once at start, after migrations and before the server listens (in registration order).</summary>
internal interface IStartupStep
{
    Task RunAsync(CancellationToken cancellationToken);
}
