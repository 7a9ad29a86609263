namespace Latchkey.Server.Email;

/// <summary>
/// Development instances only: every message is printed to the console (never through the
/// logger) and kept in memory for <c>/dev/mailbox</c> (the newest 100).
/// </summary>
internal sealed class DevelopmentMailbox : IEmailTransport
{
    private const int Capacity = 100;
    private readonly LinkedList<EmailMessage> _messages = new();
    private readonly Lock _lock = new();

    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _messages.AddFirst(message);
            if (_messages.Count > Capacity)
            {
                _messages.RemoveLast();
            }
        }

        Console.WriteLine($"""
            ---- latchkey development mail ----
            To: {message.To}
            Subject: {message.Subject}

            {message.Body}
            -----------------------------------
            """);
        return Task.CompletedTask;
    }

    /// <summary>The kept messages, newest first.</summary>
    public IReadOnlyList<EmailMessage> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages];
            }
        }
    }
}
