using Microsoft.Extensions.Options;

namespace FastCms.Outbox;

/// <summary>Settings of section <c>FastCms:Outbox</c>: how committed events are dispatched, retried and kept.</summary>
internal sealed class OutboxOptions
{
    public const string Section = "FastCms:Outbox";

    /// <summary>How often each instance looks for work it was not woken for (events of other instances, retries that fell due).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the dispatcher waits after a commit woke it before taking new events, so that under load it takes many in
    /// one transaction; also the least delay a delivery has.
    /// </summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Events and deliveries taken per round trip.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Attempts per delivery before it is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The wait after the first failed attempt; it doubles after each further failure, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(4);

    /// <summary>
    /// How long an instance owns a delivery it took. Longer than any attempt can last, so that no other instance takes it
    /// while it is still running; after a crash the delivery is taken again once it expires.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long delivered and dead-lettered events (and their log) are kept.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}

internal sealed class OutboxOptionsValidator : IValidateOptions<OutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxOptions options)
    {
        var failures = new List<string>();
        Positive(failures, "PollInterval", options.PollInterval);
        Positive(failures, "RetryInitialDelay", options.RetryInitialDelay);
        Positive(failures, "Lease", options.Lease);
        Positive(failures, "Retention", options.Retention);
        if (options.BatchWindow < TimeSpan.Zero || options.BatchWindow > TimeSpan.FromSeconds(5))
        {
            failures.Add($"FastCms:Outbox:BatchWindow must be between 00:00:00 and 00:00:05 (got {options.BatchWindow}).");
        }

        if (options.RetryMaxDelay < options.RetryInitialDelay)
        {
            failures.Add($"FastCms:Outbox:RetryMaxDelay must be at least RetryInitialDelay (got {options.RetryMaxDelay}).");
        }

        if (options.BatchSize is < 1 or > 1000)
        {
            failures.Add($"FastCms:Outbox:BatchSize must be between 1 and 1000 (got {options.BatchSize}).");
        }

        if (options.MaxAttempts is < 1 or > 100)
        {
            failures.Add($"FastCms:Outbox:MaxAttempts must be between 1 and 100 (got {options.MaxAttempts}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"FastCms:Outbox:{setting} must be a positive time span such as 00:00:30 (got {value}).");
        }
    }
}
