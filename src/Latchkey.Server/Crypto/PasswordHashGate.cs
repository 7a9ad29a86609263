using Latchkey.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Crypto;

/// <summary>
/// Bounds the password hashing that browsers can trigger (sign-in, sign-up): at most
/// <see cref="PasswordHashingOptions.MaxConcurrentHashes"/> PBKDF2 derivations run at once and
/// at most <see cref="PasswordHashingOptions.HashQueueLimit"/> requests wait (asynchronously,
/// holding no thread) for a turn; beyond that the caller answers 429. Without it, a credential
/// stuffing attack from many addresses (each within its per-IP budget) puts one blocked
/// thread-pool thread and one core's worth of PBKDF2 per guess on the server, and token
/// refreshes of signed-in browsers queue behind them (measured in docs/reliability.md, Abuse).
/// </summary>
internal sealed class PasswordHashGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly int _queueLimit;
    private int _waiting;

    public PasswordHashGate(IOptions<LatchkeyServerOptions> options)
    {
        var passwords = options.Value.Passwords;
        _slots = new SemaphoreSlim(passwords.MaxConcurrentHashes, passwords.MaxConcurrentHashes);
        _queueLimit = passwords.HashQueueLimit;
    }

    /// <summary>Runs <paramref name="work"/> when a slot is free; <c>Ran</c> is false when the queue is full.</summary>
    public async Task<(bool Ran, T Value)> TryRunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _waiting) > _queueLimit + _slots.CurrentCount)
        {
            Interlocked.Decrement(ref _waiting);
            return (false, default!);
        }

        try
        {
            await _slots.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        try
        {
            return (true, work());
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
