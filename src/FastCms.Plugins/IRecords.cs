using System.Security.Claims;
using System.Text.Json.Nodes;

namespace FastCms.Plugins;

/// <summary>
/// Records of any collection, for plugins and hook scripts. Take it as a route handler parameter (<c>IRecords records</c>)
/// or resolve it from <c>ctx.Services</c>, <c>job.Services</c> or <c>change.Services</c>. Writes run the collection's
/// before- and after-hooks like API writes; a write made inside a hook joins the running transaction and counts
/// towards the hook recursion limit.
/// </summary>
public interface IRecords
{
    /// <summary>The host acting on its own: access rules are bypassed, hidden fields are included, events name the system as actor.</summary>
    IRecordStore System { get; }

    /// <summary>
    /// On behalf of <paramref name="user"/> (usually the current request's <c>HttpContext.User</c>): the collection's
    /// access rules apply exactly as to that user's API requests (admins bypass them; a principal without a user id is
    /// anonymous).
    /// </summary>
    /// <param name="user">The signed-in user, or an empty principal for an anonymous caller.</param>
    /// <returns>The records as that user sees them.</returns>
    IRecordStore For(ClaimsPrincipal user);
}

/// <summary>Record operations for one caller. Data objects use field names as keys, as in the records API's <c>data</c>.</summary>
public interface IRecordStore
{
    /// <summary>A record, or <c>null</c> when it does not exist or the caller may not see it.</summary>
    /// <param name="collection">The collection name.</param>
    /// <param name="id">The record id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record with <c>id</c>, <c>created</c>, <c>updated</c> and its fields.</returns>
    Task<JsonObject?> GetAsync(string collection, string id, CancellationToken cancellationToken = default);

    /// <summary>A page of records the caller may see.</summary>
    /// <param name="collection">The collection name.</param>
    /// <param name="query">Filter, sort and paging, as the API's query parameters; <c>null</c> for the first page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    Task<RecordList> ListAsync(string collection, RecordListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Creates a record (before-hooks may change or reject it).</summary>
    /// <param name="collection">The collection name.</param>
    /// <param name="data">The field values.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The created record; only its <c>id</c> when the collection's view rule hides it from the caller.</returns>
    /// <exception cref="RecordsException">The data is invalid, the collection does not exist or the caller may not create.</exception>
    /// <exception cref="Events.RecordRejectedException">A before-hook rejected the write.</exception>
    Task<JsonObject> CreateAsync(string collection, JsonObject data, CancellationToken cancellationToken = default);

    /// <summary>Changes the given fields of a record.</summary>
    /// <param name="collection">The collection name.</param>
    /// <param name="id">The record id.</param>
    /// <param name="data">The fields to change.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>
    /// The updated record (only its <c>id</c> when the view rule hides it from the caller), or <c>null</c> when it does
    /// not exist or the caller may not change it.
    /// </returns>
    Task<JsonObject?> UpdateAsync(string collection, string id, JsonObject data, CancellationToken cancellationToken = default);

    /// <summary>Deletes a record.</summary>
    /// <param name="collection">The collection name.</param>
    /// <param name="id">The record id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether a record was deleted (<c>false</c> when it does not exist or the caller may not delete it).</returns>
    Task<bool> DeleteAsync(string collection, string id, CancellationToken cancellationToken = default);
}

/// <summary>What to list, as the records API's query parameters.</summary>
/// <param name="Filter">A filter expression such as <c>published = true &amp;&amp; views &gt; 10</c>.</param>
/// <param name="Sort">Sort fields such as <c>-created,title</c>.</param>
/// <param name="Page">The page, from 1.</param>
/// <param name="PerPage">Records per page.</param>
/// <param name="Fields">The fields to return, comma-separated; all when <c>null</c>.</param>
/// <param name="Expand">Relations to expand, comma-separated.</param>
/// <param name="SkipTotal">Skip counting the matching records.</param>
public sealed record RecordListQuery(
    string? Filter = null, string? Sort = null, int Page = 1, int PerPage = 20, string? Fields = null, string? Expand = null, bool SkipTotal = false);

/// <summary>A page of records.</summary>
/// <param name="Items">The records.</param>
/// <param name="Page">The page number.</param>
/// <param name="PerPage">The page size.</param>
/// <param name="TotalItems">How many records match; <c>null</c> when counting was skipped.</param>
public sealed record RecordList(IReadOnlyList<JsonObject> Items, int Page, int PerPage, long? TotalItems);

/// <summary>A records call that could not be carried out, with the HTTP status the records API would answer.</summary>
/// <param name="status">400 (invalid data or query), 403, 404 or 500.</param>
/// <param name="message">What was wrong.</param>
/// <param name="errors">Field errors for invalid data, keyed by field.</param>
public sealed class RecordsException(int status, string message, IReadOnlyDictionary<string, string[]>? errors = null) : Exception(message)
{
    /// <summary>The HTTP status the records API would answer.</summary>
    public int Status { get; } = status;

    /// <summary>Field errors for invalid data; empty otherwise.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();
}
