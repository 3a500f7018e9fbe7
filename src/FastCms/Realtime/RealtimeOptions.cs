using Microsoft.Extensions.Options;

namespace FastCms.Realtime;

/// <summary>Settings of section <c>FastCms:Realtime</c>; durations are in seconds (fractions allowed).</summary>
internal sealed class RealtimeOptions
{
    public const string Section = "FastCms:Realtime";

    /// <summary>How often an idle stream gets a comment line, so proxies and clients see it alive.</summary>
    public double HeartbeatSeconds { get; set; } = 20;

    /// <summary>A stream that delivered no message for this long is closed (the client reconnects and resumes).</summary>
    public double IdleTimeoutSeconds { get; set; } = 300;

    /// <summary>A stream is closed after this long whatever it does (the client reconnects and resumes).</summary>
    public double MaxLifetimeSeconds { get; set; } = 1800;

    /// <summary>How long missed messages are kept for a client to resume with <c>Last-Event-ID</c>.</summary>
    public double ResumeWindowSeconds { get; set; } = 120;

    /// <summary>At most this many recent events are kept for resuming; older ones answer <c>reset</c>.</summary>
    public int ResumeWindowEvents { get; set; } = 10_000;

    /// <summary>Topics one client may subscribe to.</summary>
    public int MaxTopicsPerClient { get; set; } = 100;

    /// <summary>Open streams per client address.</summary>
    public int MaxConnectionsPerAddress { get; set; } = 100;

    /// <summary>Messages queued for one client; a client that falls this far behind is disconnected.</summary>
    public int ClientBufferMessages { get; set; } = 512;

    /// <summary>How often the identities behind subscriptions are checked again (other instances' logouts and role changes).</summary>
    public double RevalidateSeconds { get; set; } = 10;

    /// <summary>
    /// Relay events between instances through PostgreSQL LISTEN/NOTIFY. Unset: on with PostgreSQL, off with SQLite
    /// (which serves one instance). A single PostgreSQL instance may turn it off.
    /// </summary>
    public bool? Cluster { get; set; }

    public TimeSpan Heartbeat => TimeSpan.FromSeconds(HeartbeatSeconds);

    public TimeSpan IdleTimeout => TimeSpan.FromSeconds(IdleTimeoutSeconds);

    public TimeSpan MaxLifetime => TimeSpan.FromSeconds(MaxLifetimeSeconds);

    public TimeSpan ResumeWindow => TimeSpan.FromSeconds(ResumeWindowSeconds);

    public TimeSpan Revalidate => TimeSpan.FromSeconds(RevalidateSeconds);
}

internal sealed class RealtimeOptionsValidator : IValidateOptions<RealtimeOptions>
{
    public ValidateOptionsResult Validate(string? name, RealtimeOptions options)
    {
        var failures = new List<string>();
        Range(failures, "HeartbeatSeconds", options.HeartbeatSeconds, 0.05, 3600);
        Range(failures, "IdleTimeoutSeconds", options.IdleTimeoutSeconds, 0.1, 86_400);
        Range(failures, "MaxLifetimeSeconds", options.MaxLifetimeSeconds, 0.1, 7 * 86_400);
        Range(failures, "ResumeWindowSeconds", options.ResumeWindowSeconds, 0, 3600);
        Range(failures, "ResumeWindowEvents", options.ResumeWindowEvents, 0, 1_000_000);
        Range(failures, "MaxTopicsPerClient", options.MaxTopicsPerClient, 1, 10_000);
        Range(failures, "MaxConnectionsPerAddress", options.MaxConnectionsPerAddress, 1, 1_000_000);
        Range(failures, "ClientBufferMessages", options.ClientBufferMessages, 1, 1_000_000);
        Range(failures, "RevalidateSeconds", options.RevalidateSeconds, 0.05, 3600);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string setting, double value, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            failures.Add($"{RealtimeOptions.Section}:{setting} must be between {min} and {max} (got {value}).");
        }
    }
}
