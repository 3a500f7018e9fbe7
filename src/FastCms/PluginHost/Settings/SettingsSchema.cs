using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using FastCms.Plugins;

namespace FastCms.PluginHost.Settings;

/// <summary>One typed setting, derived from a property of the class passed to <c>UseSettings&lt;T&gt;()</c>.</summary>
internal sealed record SettingField(
    string Key,
    string Type,
    JsonElement? Default,
    string? Description,
    bool Secret,
    [property: JsonIgnore] Type ClrType);

/// <summary>The typed settings of a plugin: keys, JSON types, defaults, descriptions, secrets.</summary>
internal sealed class SettingsSchema
{
    private SettingsSchema(Type type, IReadOnlyList<SettingField> fields)
    {
        SettingsType = type;
        Fields = fields;
    }

    public Type SettingsType { get; }

    public IReadOnlyList<SettingField> Fields { get; }

    public SettingField? Find(string key) => Fields.FirstOrDefault(f => f.Key == key);

    public static SettingsSchema For<T>() where T : class, new()
    {
        var defaults = new T();
        var fields = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p is { CanRead: true, CanWrite: true } && p.GetIndexParameters().Length == 0)
            .Select(p =>
            {
                var value = p.GetValue(defaults);
                return new SettingField(
                    PluginSettingsStore.JsonOptions.PropertyNamingPolicy!.ConvertName(p.Name),
                    JsonTypeOf(p.PropertyType),
                    value is null ? null : JsonSerializer.SerializeToElement(value, p.PropertyType, PluginSettingsStore.JsonOptions),
                    p.GetCustomAttribute<DescriptionAttribute>()?.Description,
                    p.IsDefined(typeof(SecretAttribute)),
                    p.PropertyType);
            })
            .ToList();
        return new SettingsSchema(typeof(T), fields);
    }

    /// <summary>
    /// The keys of every <c>[Secret]</c> property of the classes in <paramref name="assembly"/>: which settings a plugin
    /// keeps secret, known before its <c>Register</c> says which class is its settings class.
    /// </summary>
    public static IReadOnlySet<string> SecretKeysIn(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = [.. e.Types.OfType<Type>()];
        }

        return types.Where(t => t.IsClass)
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(p => p.IsDefined(typeof(SecretAttribute)))
            .Select(p => PluginSettingsStore.JsonOptions.PropertyNamingPolicy!.ConvertName(p.Name))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Checks a value for a key; returns the problem, or <c>null</c> when it fits.</summary>
    public string? Validate(string key, JsonElement value)
    {
        var field = Find(key);
        if (field is null)
        {
            return $"Unknown setting. Known settings: {string.Join(", ", Fields.Select(f => f.Key))}.";
        }

        try
        {
            var converted = value.Deserialize(field.ClrType, PluginSettingsStore.JsonOptions);
            if (converted is null && field.ClrType.IsValueType && Nullable.GetUnderlyingType(field.ClrType) is null)
            {
                return MustBe(field.Type);
            }

            return MatchesKind(field.Type, value) ? null : MustBe(field.Type);
        }
        catch (JsonException)
        {
            return MustBe(field.Type);
        }
    }

    private static string MustBe(string type) => type is "integer" or "array" or "object" ? $"Must be an {type}." : $"Must be a {type}.";

    private static bool MatchesKind(string type, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => true,
        JsonValueKind.String => type == "string",
        JsonValueKind.Number => type is "integer" or "number",
        JsonValueKind.True or JsonValueKind.False => type == "boolean",
        JsonValueKind.Array => type == "array",
        JsonValueKind.Object => type == "object",
        _ => false,
    };

    private static string JsonTypeOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) || type.IsEnum || type == typeof(Guid) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(TimeSpan) => "string",
            _ when type == typeof(bool) => "boolean",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) => "integer",
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "number",
            _ when type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && !IsDictionary(type) => "array",
            _ => "object",
        };
    }

    private static bool IsDictionary(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
}
