namespace FastCms.Plugins;

/// <summary>Typed access to a plugin's settings.</summary>
/// <typeparam name="T">The settings class passed to <see cref="IPluginContext.UseSettings{T}"/>.</typeparam>
public interface IPluginSettings<out T> where T : class
{
    /// <summary>The current values; a new instance after every change, never mutated in place.</summary>
    T Current { get; }
}

/// <summary>Marks a typed setting as secret: it is never returned in clear by the API and edited as a password field.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;

/// <summary>Which settings of a plugin changed.</summary>
/// <param name="ChangedKeys">The keys that were set or removed.</param>
public sealed record PluginSettingsChange(IReadOnlyCollection<string> ChangedKeys);

/// <summary>Called after a plugin's settings changed.</summary>
/// <param name="change">The keys that changed.</param>
/// <param name="cancellationToken">Cancelled when the server shuts down.</param>
/// <returns>A task that completes when the handler is done.</returns>
public delegate ValueTask PluginSettingsChangedHandler(PluginSettingsChange change, CancellationToken cancellationToken);
