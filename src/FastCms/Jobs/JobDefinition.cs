using System.Text.RegularExpressions;
using Cronos;
using FastCms.Plugins.Jobs;

namespace FastCms.Jobs;

/// <summary>A scheduled job as its owner (a plugin or a hook script) declared it.</summary>
internal sealed partial record JobDefinition(
    string Owner, string Name, string Cron, CronExpression Expression, TimeZoneInfo TimeZone, ScheduledJobHandler Handler, ILogger Logger)
{
    /// <summary><c>{owner}/{name}</c>: identifies the job in the run history shared by every instance.</summary>
    public string Key => Owner + "/" + Name;

    /// <summary>Checks the name and parses the expression (five fields, six with seconds, or a macro), or throws with the reason.</summary>
    public static JobDefinition Create(string owner, string name, string cron, ScheduledJobHandler handler, TimeZoneInfo? timeZone, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (name is null || !NamePattern().IsMatch(name))
        {
            throw new ArgumentException($"Job name '{name}' must be 1 to 64 letters, digits, '-' or '_'.", nameof(name));
        }

        if (string.IsNullOrWhiteSpace(cron))
        {
            throw new ArgumentException($"Job '{name}' needs a cron expression such as '0 3 * * *'.", nameof(cron));
        }

        var trimmed = cron.Trim();
        var format = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        try
        {
            return new JobDefinition(owner, name, trimmed, CronExpression.Parse(trimmed, format), timeZone ?? TimeZoneInfo.Utc, handler, logger);
        }
        catch (CronFormatException e)
        {
            throw new ArgumentException($"Job '{name}': '{cron}' is not a valid cron expression ({e.Message}).", nameof(cron));
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or <c>null</c> when there is none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) => Expression.GetNextOccurrence(after, TimeZone);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
