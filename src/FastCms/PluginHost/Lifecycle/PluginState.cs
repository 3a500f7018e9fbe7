namespace FastCms.PluginHost.Lifecycle;

internal enum PluginPhase
{
    /// <summary>Its folder was found; nothing was built yet.</summary>
    Discovered,

    /// <summary>Its assembly is loaded and its <c>Meta</c> valid; <c>Register</c> was not called yet.</summary>
    Built,

    Active,

    Disabled,

    Failed,
}

/// <summary>
/// Where a plugin or hook script is in its lifecycle: discovered → built → active ⇄ disabled, and failed (with a
/// <see cref="PluginFailure"/>) from any of them. These methods are the only way a status changes: each returns a new
/// state and throws on a move the lifecycle does not have, so a wrong move shows up as a bug instead of a status quietly
/// overwritten.
/// </summary>
internal sealed record PluginState
{
    private PluginState(PluginPhase phase, bool isBuilt, PluginFailure? failure)
    {
        Phase = phase;
        IsBuilt = isBuilt;
        Failure = failure;
    }

    public static PluginState Discovered { get; } = new(PluginPhase.Discovered, false, null);

    public PluginPhase Phase { get; }

    /// <summary>Whether it got as far as built; a failure after that (in <c>Register</c>) can be retried.</summary>
    public bool IsBuilt { get; }

    public PluginFailure? Failure { get; }

    /// <summary>The status the API shows. Before registration a plugin counts as active: nothing has gone wrong yet.</summary>
    public PluginStatus Status => Phase switch
    {
        PluginPhase.Disabled => PluginStatus.Disabled,
        PluginPhase.Failed => Failure!.Kind,
        _ => PluginStatus.Active,
    };

    public PluginState Build() => Phase == PluginPhase.Discovered
        ? new(PluginPhase.Built, true, null)
        : throw Invalid(PluginPhase.Built);

    /// <summary>Registered: after the build, on enabling, or on retrying a plugin whose registration failed.</summary>
    public PluginState Activate() => IsBuilt && Phase != PluginPhase.Active
        ? new(PluginPhase.Active, true, null)
        : throw Invalid(PluginPhase.Active);

    public PluginState Disable() => IsBuilt && Phase != PluginPhase.Disabled
        ? new(PluginPhase.Disabled, true, null)
        : throw Invalid(PluginPhase.Disabled);

    /// <summary>Allowed from every phase; a later failure replaces an earlier one, the way the checks report the last problem found.</summary>
    public PluginState Fail(PluginFailure failure) => new(PluginPhase.Failed, IsBuilt, failure);

    private InvalidOperationException Invalid(PluginPhase target) =>
        new($"A plugin cannot move from {Phase}{(IsBuilt ? " (built)" : "")} to {target}.");
}
