using FastCms.Collections;
using FastCms.Data;
using FastCms.Records.Query;

namespace FastCms.Realtime;

/// <summary>
/// Decides which subscriptions may see a record event, with the records API's rules: the list rule for <c>posts/*</c>,
/// the view rule for <c>posts/{id}</c>, <c>null</c> for admins only, plus the subscription's filter. A rule or filter
/// that reads only the record's own fields and <c>@request.auth.*</c> is evaluated in memory; the rest is one SQL
/// check per distinct (rule, identity, filter) per event, however many subscribers share it.
/// </summary>
internal sealed class RecordAuthorizer(Database database, SchemaCache schemas, RealtimeMetrics metrics, TimeProvider clock)
{
    /// <summary>
    /// Fills <paramref name="results"/> (check key → visible) for every subscription in <paramref name="candidates"/>; the
    /// key (see <see cref="SubscriptionSet.CheckKeys"/>) names what the answer depends on, so equal keys are checked once.
    /// </summary>
    public async Task CheckAsync(
        RealtimeEvent e, IEnumerable<(RealtimeIdentity Identity, Subscription Subscription, string Key)> candidates, Dictionary<string, bool> results,
        CancellationToken cancellationToken)
    {
        var record = e.Record!.Record;
        var collection = record.Collection;
        var now = clock.GetUtcNow();
        List<(string Key, RealtimeIdentity Identity, Subscription Subscription)>? pending = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (identity, subscription, key) in candidates)
        {
            if (!seen.Add(key) || results.ContainsKey(key))
            {
                continue;
            }

            var decided = InMemory(collection, record, identity, subscription, now);
            if (decided is { } visible)
            {
                metrics.Checked("memory");
                results[key] = visible;
            }
            else
            {
                (pending ??= []).Add((key, identity, subscription));
            }
        }

        if (pending is null)
        {
            return;
        }

        var schema = await schemas.GetAsync(cancellationToken);
        foreach (var (key, identity, subscription) in pending)
        {
            metrics.Checked("sql");
            var caller = identity.Caller;
            var rule = caller.BypassesRules ? null : Rule(collection, subscription).Expression;
            results[key] = await SnapshotCheck.MatchesAsync(database, schema, record, rule, subscription.FilterNode, caller, now, cancellationToken);
        }
    }

    private static AccessRule Rule(CompiledCollection collection, Subscription subscription) =>
        subscription.IsWildcard ? collection.ListRule : collection.ViewRule;

    /// <summary><c>null</c> when the database must decide.</summary>
    private static bool? InMemory(CompiledCollection collection, Records.RecordView record, RealtimeIdentity identity, Subscription subscription, DateTimeOffset now)
    {
        var caller = identity.Caller;
        var rule = Rule(collection, subscription);
        if (!caller.BypassesRules && rule.IsAdminsOnly)
        {
            return false;
        }

        var request = caller.Request(null);
        bool? result = true;
        if (!caller.BypassesRules && rule.Expression is { } expression)
        {
            result = Evaluate(new FilterEvaluator(collection, request, trusted: true, now), expression, record);
        }

        if (result != false && subscription.FilterNode is { } filter)
        {
            var matches = Evaluate(new FilterEvaluator(collection, request, caller.BypassesRules, now), filter, record);
            result = matches == false ? false : result == true && matches == true ? true : null;
        }

        return result;
    }

    // An expression the compiler would refuse for this caller denies, as RuleSql does.
    private static bool? Evaluate(FilterEvaluator evaluator, FilterNode node, Records.RecordView record)
    {
        if (!FilterEvaluator.IsSelfContained(node))
        {
            return null;
        }

        try
        {
            return evaluator.Evaluate(node, record);
        }
        catch (FilterException)
        {
            return false;
        }
    }
}
