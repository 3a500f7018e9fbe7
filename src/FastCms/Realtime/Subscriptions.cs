using FastCms.Records;
using FastCms.Records.Query;

namespace FastCms.Realtime;

/// <summary>Who set a client's subscriptions: the bearer token's user (or nobody), and its token version at the time.</summary>
internal sealed record RealtimeIdentity(string? UserId, string? Role, string? Email, long TokenVersion)
{
    /// <summary>The admin UI session the subscribing request was signed in with (its cookie), which signing out ends.</summary>
    public string? AdminSessionId { get; init; }

    public static RealtimeIdentity Anonymous { get; } = new(null, null, null, 0);

    /// <summary>Identifies the rights behind a subscription, for batching checks of subscribers who share them.</summary>
    public string Key { get; } = UserId is null ? "" : UserId + "\u0001" + Role + "\u0001" + Email;

    public RecordCaller Caller { get; } = UserId is null ? RecordCaller.Anonymous : RecordCaller.User(UserId, Role ?? "user", Email);
}

/// <summary>
/// One topic of a client: <c>posts/*</c> (every record, list rule), <c>posts/{id}</c> (one record, view rule), or a
/// plugin's topic, with the records API's <c>filter</c>, <c>fields</c> and <c>expand</c>.
/// </summary>
internal sealed record Subscription(string Topic, string Collection, string? RecordId, string? Filter, FilterNode? FilterNode, string? Fields, string? Expand)
{
    /// <summary>A plugin topic (its collection part is the plugin's prefix).</summary>
    public bool IsCustom { get; init; }

    public bool IsWildcard => RecordId is null && !IsCustom;

    /// <summary>What decides delivery besides the rule and the identity; equal keys share one check per event.</summary>
    public string CheckKey { get; } = (RecordId is null ? "*" : "1") + "\u0001" + Filter;

    /// <summary>What decides the message's text besides the record (and, with expand, the identity).</summary>
    public string RenderKey { get; } = Fields + "\u0001" + Expand;
}

/// <summary>A client's subscriptions as one immutable value, replaced as a whole by each subscribe call.</summary>
internal sealed record SubscriptionSet(RealtimeIdentity Identity, string? Address, IReadOnlyList<Subscription> Items)
{
    public static SubscriptionSet Empty { get; } = new(RealtimeIdentity.Anonymous, null, []);

    /// <summary>Per item, what its authorisation depends on (identity, rule kind, filter): computed once, read per event.</summary>
    public string[] CheckKeys { get; } = [.. Items.Select(s => Identity.Key + "\u0002" + s.CheckKey)];
}
