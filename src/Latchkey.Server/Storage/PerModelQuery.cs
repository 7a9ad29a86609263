using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Latchkey.Server.Storage;

/// <summary>
/// An EF Core compiled query, compiled once per model. A compiled query binds to the model of
/// the first context that runs it and throws for any other, while one process may hold both
/// providers' models (the SQLite and the PostgreSQL context; the test suite runs both). Models
/// are cached by EF Core for the life of the process, so this holds one or two entries.
/// </summary>
/// <typeparam name="TQuery">The delegate <see cref="EF.CompileAsyncQuery{TContext, TParam1, TResult}(System.Linq.Expressions.Expression{Func{TContext, TParam1, CancellationToken, TResult}})"/> returns.</typeparam>
internal sealed class PerModelQuery<TQuery>(Func<TQuery> compile)
    where TQuery : Delegate
{
    private readonly ConcurrentDictionary<IModel, TQuery> _queries = new();

    /// <summary>The query compiled for <paramref name="db"/>'s model.</summary>
    public TQuery For(DbContext db) => _queries.GetOrAdd(db.Model, static (_, compile) => compile(), compile);
}
