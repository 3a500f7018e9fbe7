using System.Text.Json.Nodes;

namespace FastCms.Plugins.Events;

/// <summary>The names of the events FastCMS publishes.</summary>
public static class EventTypes
{
    /// <summary>A record was created (after commit).</summary>
    public const string RecordCreated = "record.created";

    /// <summary>A record was updated (after commit).</summary>
    public const string RecordUpdated = "record.updated";

    /// <summary>A record was deleted (after commit).</summary>
    public const string RecordDeleted = "record.deleted";

    /// <summary>A collection was created (after commit).</summary>
    public const string CollectionCreated = "collection.created";

    /// <summary>A collection's schema, rules or name changed (after commit).</summary>
    public const string CollectionUpdated = "collection.updated";

    /// <summary>A collection and its table were deleted (after commit).</summary>
    public const string CollectionDeleted = "collection.deleted";
}

/// <summary>Who caused a change: a signed-in user, an anonymous caller, or the system itself.</summary>
/// <param name="UserId">The id of the signed-in user; <c>null</c> for anonymous callers and the system.</param>
/// <param name="Role"><c>user</c>, <c>admin</c>, <c>anonymous</c> or <c>system</c>.</param>
public sealed record EventActor(string? UserId, string Role)
{
    /// <summary>A caller without an access token.</summary>
    public static EventActor Anonymous { get; } = new(null, "anonymous");

    /// <summary>The host or a plugin acting as the system (access rules bypassed).</summary>
    public static EventActor System { get; } = new(null, "system");

    /// <summary>Whether the actor is an administrator.</summary>
    public bool IsAdmin => Role == FastCmsRoles.Admin;
}

/// <summary>Base type of every event delivered after a committed change.</summary>
/// <param name="Type">One of <see cref="EventTypes"/>.</param>
/// <param name="Collection">The collection the event concerns.</param>
/// <param name="Actor">Who caused the change.</param>
/// <param name="Timestamp">When the change was committed (UTC).</param>
public abstract record FastCmsEvent(string Type, string Collection, EventActor Actor, DateTimeOffset Timestamp);

/// <summary>
/// A record was created, updated or deleted and the transaction has committed. <see cref="Data"/> holds the
/// record's public fields (hidden fields are never included). Treat the JSON objects as read-only: several
/// handlers receive the same instance.
/// </summary>
/// <param name="Type"><c>record.created</c>, <c>record.updated</c> or <c>record.deleted</c>.</param>
/// <param name="Collection">The collection name.</param>
/// <param name="RecordId">The record id.</param>
/// <param name="Data">The record after the change (for deletes: the record as it was), with <c>id</c>, <c>created</c>, <c>updated</c>.</param>
/// <param name="Previous">For updates: the record before the change; otherwise <c>null</c>.</param>
/// <param name="Actor">Who caused the change.</param>
/// <param name="Timestamp">When the change was committed (UTC).</param>
public sealed record RecordEvent(
    string Type,
    string Collection,
    string RecordId,
    JsonObject Data,
    JsonObject? Previous,
    EventActor Actor,
    DateTimeOffset Timestamp) : FastCmsEvent(Type, Collection, Actor, Timestamp);

/// <summary>A collection was created, changed or deleted and the transaction has committed.</summary>
/// <param name="Type"><c>collection.created</c>, <c>collection.updated</c> or <c>collection.deleted</c>.</param>
/// <param name="Collection">The collection name (after a rename: the new name).</param>
/// <param name="CollectionId">The collection id.</param>
/// <param name="PreviousName">For a rename: the old name; otherwise <c>null</c>.</param>
/// <param name="Actor">Who caused the change.</param>
/// <param name="Timestamp">When the change was committed (UTC).</param>
public sealed record CollectionEvent(
    string Type,
    string Collection,
    string CollectionId,
    string? PreviousName,
    EventActor Actor,
    DateTimeOffset Timestamp) : FastCmsEvent(Type, Collection, Actor, Timestamp);
