namespace FastCms.Data.Migrations;

/// <summary>
/// A versioned change to the system schema. Ids sort in the order they are applied
/// (<c>0001_initial</c>, <c>0002_…</c>); an applied migration is never edited, only followed by a new one.
/// </summary>
/// <param name="Id">Sortable, unique id.</param>
/// <param name="Sql">The DDL for a dialect; may hold several statements.</param>
internal sealed record Migration(string Id, Func<SqlDialect, string> Sql);
