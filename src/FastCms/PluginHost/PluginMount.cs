namespace FastCms.PluginHost;

/// <summary>
/// The one switch behind a registration's routes, admin pages and hooks: they take effect only while it is on. It
/// is turned on after everything was added to the host and off before anything is removed, so a new request sees
/// all of a plugin or none of it, although the host's registries change one after the other. Attached to the
/// plugin's endpoints as metadata.
/// </summary>
internal sealed class PluginMount
{
    private volatile bool _live;

    public bool IsLive => _live;

    public void GoLive() => _live = true;

    public void Withdraw() => _live = false;
}
