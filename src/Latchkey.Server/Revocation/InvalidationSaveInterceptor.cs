using System.Data.Common;
using System.Runtime.CompilerServices;
using Latchkey.Server.Clients;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Latchkey.Server.Revocation;

/// <summary>
/// Wakes this instance's <see cref="InvalidationListener"/> as soon as a unit of work that
/// wrote invalidation rows has committed, so local caches and event streams follow in
/// milliseconds on every provider. (Other instances learn of it from PostgreSQL's
/// notification or their next poll.) Inside an explicit transaction the wake-up waits for the
/// commit.
/// </summary>
/// <remarks>
/// The rows' subjects are also dropped from this process's caches right after the commit,
/// before the response is written. Writers drop them when they change the row too, but that is
/// before the commit: a concurrent read between the two (a token refresh racing a sign-out)
/// still sees the old row and would put it back in the cache, so a refresh right after the
/// acknowledged sign-out was served from it until the listener caught up (found by the soak).
/// </remarks>
internal sealed class InvalidationSaveInterceptor(InvalidationSignal signal, SessionStateCache sessions, ClientIdentityCache clients) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<(string Kind, string SubjectId)>> _pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Mark(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Mark(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        AfterSave(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        AfterSave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => AfterCommit(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        AfterCommit(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Mark(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var added = context.ChangeTracker.Entries<InvalidationEntity>().Where(e => e.State == EntityState.Added)
            .Select(e => (e.Entity.Kind, e.Entity.SubjectId)).ToList();
        if (added.Count > 0)
        {
            // Several saves inside one explicit transaction add up until its commit.
            _pending.GetValue(context, _ => []).AddRange(added);
        }
    }

    private void AfterSave(DbContext? context)
    {
        // SaveChanges commits its own transaction unless the caller opened one.
        if (context?.Database.CurrentTransaction is null)
        {
            AfterCommit(context);
        }
    }

    private void AfterCommit(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var committed) && _pending.Remove(context))
        {
            foreach (var (kind, subjectId) in committed)
            {
                if (kind == InvalidationKind.Session)
                {
                    sessions.Invalidate(subjectId);
                }
                else
                {
                    clients.InvalidateClient(subjectId);
                }
            }

            signal.RequestSync();
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }
}
