using System.Text.Json;
using FastCms.Kernel;

namespace FastCms.PluginHost.Settings;

/// <summary>
/// A change to a plugin's settings, checked the same way wherever it comes from — the admin API's
/// <c>PATCH /api/v1/admin/plugins/{id}/settings</c> or the admin UI's forms: keys of 1 to 255 characters, values that
/// fit the typed schema (when the plugin has one), <c>null</c> removing a key, and a secret sent back as its mask
/// keeping the stored value.
/// </summary>
internal sealed class SettingsPatch
{
    private SettingsPatch(Dictionary<string, JsonElement?> changes, FieldErrors errors)
    {
        Changes = changes;
        Errors = errors;
    }

    /// <summary>What to store (a <c>null</c> value removes the key); apply only when <see cref="Errors"/> is empty.</summary>
    public IReadOnlyDictionary<string, JsonElement?> Changes { get; }

    /// <summary>Problems per setting key.</summary>
    public FieldErrors Errors { get; }

    /// <summary>Checks <paramref name="values"/> (a JSON object mapping keys to values) against <paramref name="schema"/>.</summary>
    /// <param name="secretHints">Secret keys of a plugin whose schema is not known yet (<see cref="PluginSettingsStore.SecretHints"/>).</param>
    public static SettingsPatch Check(SettingsSchema? schema, JsonElement values, IReadOnlySet<string>? secretHints = null)
    {
        if (values.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("Settings changes are a JSON object.", nameof(values));
        }

        var errors = new FieldErrors();
        var changes = new Dictionary<string, JsonElement?>(StringComparer.Ordinal);
        foreach (var property in values.EnumerateObject())
        {
            if (ReadName(property) is not { } name)
            {
                errors.Add("settings", UnicodeText.KeyProblem);
                continue;
            }

            if (!UnicodeText.IsWellFormed(property.Value))
            {
                errors.Add(name, UnicodeText.Problem);
                continue;
            }

            var secret = schema?.Find(property.Name) is { Secret: true } || secretHints?.Contains(property.Name) == true;
            if (secret && property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() == PluginSettingsStore.Mask)
            {
                continue; // The masked value came back unchanged from a form: keep the stored secret.
            }

            if (property.Name.Length is 0 or > 255)
            {
                errors.Add(property.Name, "Setting keys are 1 to 255 characters long.");
            }
            else if (property.Value.ValueKind != JsonValueKind.Null && schema?.Validate(property.Name, property.Value) is { } problem)
            {
                errors.Add(property.Name, problem);
            }

            changes[property.Name] = property.Value.ValueKind == JsonValueKind.Null ? null : property.Value;
        }

        return new SettingsPatch(changes, errors);
    }

    /// <summary>The key of <paramref name="property"/>, or <c>null</c> when it is not well-formed Unicode.</summary>
    private static string? ReadName(JsonProperty property)
    {
        try
        {
            return UnicodeText.IsWellFormed(property.Name) ? property.Name : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
