namespace Latchkey.Server.Revocation;

/// <summary>
/// In-process wake-ups around the invalidation rows: "read them now" (a local commit wrote
/// some, or PostgreSQL notified) for the <see cref="InvalidationListener"/>, and "new rows were
/// read" for the revocation event streams.
/// </summary>
internal sealed class InvalidationSignal
{
    private TaskCompletionSource _syncRequested = NewSource();
    private TaskCompletionSource _changed = NewSource();

    /// <summary>Asks the listener to read new rows now (coalesced).</summary>
    public void RequestSync() => Volatile.Read(ref _syncRequested).TrySetResult();

    /// <summary>Waits until a sync is requested or <paramref name="timeout"/> elapses on <paramref name="time"/>.</summary>
    public async Task WaitForSyncRequestAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var requested = Volatile.Read(ref _syncRequested);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, time, cancel.Token);
        await Task.WhenAny(requested.Task, delay).ConfigureAwait(false);
        await cancel.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (requested.Task.IsCompleted)
        {
            // Requests made from now on complete the next source; the one just consumed is spent.
            Interlocked.CompareExchange(ref _syncRequested, NewSource(), requested);
        }
    }

    /// <summary>A task that completes the next time <see cref="PublishChanged"/> is called; take it before reading.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>Wakes every waiter of <see cref="Changed"/>.</summary>
    public void PublishChanged() => Interlocked.Exchange(ref _changed, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
