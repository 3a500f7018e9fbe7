using System.Text.RegularExpressions;
using FastCms.Outbox;
using FastCms.Plugins.Events;

namespace FastCms.PluginHost.Registration;

/// <summary>Durable after-commit handlers: staged like the rest, handed to the outbox when the registration commits.</summary>
internal sealed partial class PluginRegistration
{
    private readonly List<DurableHandler> _durable = [];

    public IReadOnlyList<DurableHandler> DurableHandlers => _durable;

    public void OnRecordCommitted(string name, string? collection, DurableEventHandler handler)
    {
        EnsureOpen();
        ArgumentNullException.ThrowIfNull(handler);
        if (name is null || !HandlerNamePattern().IsMatch(name))
        {
            throw new ArgumentException($"Durable handler name '{name}' must consist of letters, digits, '-' and '_'.", nameof(name));
        }

        if (_durable.Any(h => h.Name == name))
        {
            throw new InvalidOperationException($"A durable handler named '{name}' is already registered by '{PluginId}'.");
        }

        var mount = Mount;
        _durable.Add(new DurableHandler(PluginId, name, string.IsNullOrEmpty(collection) ? null : collection, (e, ct) =>
            mount.IsLive ? handler(e, ct) : throw new InvalidOperationException($"Plugin '{PluginId}' is not active.")));
    }

    private void CommitDurableHandlers()
    {
        if (_durable.Count > 0)
        {
            _host.Services.GetRequiredService<DurableHandlers>().AddRange(_durable);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex HandlerNamePattern();
}
