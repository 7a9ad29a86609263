using System.Threading.Channels;

namespace Latchkey.Server.Email;

/// <summary>
/// Mails sent after the response: sign-in codes go out here whether or not the address has
/// an account (only real accounts get mail), so the response time does not reveal it.
/// </summary>
internal sealed class EmailOutbox(EmailSender sender) : BackgroundService
{
    private readonly Channel<Func<EmailSender, CancellationToken, Task>> _queue =
        Channel.CreateBounded<Func<EmailSender, CancellationToken, Task>>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Enqueue(Func<EmailSender, CancellationToken, Task> send) => _queue.Writer.TryWrite(send);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var send in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                // EmailSender logs delivery failures itself and never throws for them.
                await send(sender, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
