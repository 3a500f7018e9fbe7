using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FastCms.Startup;

/// <summary>
/// Request bodies bound to C# types (in core and plugin routes) accept each property in camelCase as well as in the
/// API's snake_case: <c>{"fullName": …}</c> binds like <c>{"full_name": …}</c>, where it would otherwise be ignored
/// and leave the property null without a word. Responses stay snake_case: the alias can be read, never written.
/// </summary>
internal static class CamelCaseAliases
{
    private static readonly ConditionalWeakTable<JsonPropertyInfo, object> Aliases = [];

    /// <summary>Whether <paramref name="property"/> is an alias added here (the API's documentation leaves those out).</summary>
    public static bool IsAlias(JsonPropertyInfo property) => Aliases.TryGetValue(property, out _);

    public static void Add(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var taken = type.Properties.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var property in type.Properties.ToList())
        {
            if (property.Set is not { } set || property.CustomConverter is not null || property.AttributeProvider is not MemberInfo member)
            {
                continue;
            }

            var camel = JsonNamingPolicy.CamelCase.ConvertName(member.Name);
            if (!taken.Add(camel))
            {
                continue;
            }

            // The alias is read as a JsonElement and converted when set: with the property's own type it would bind to
            // the same constructor parameter as the property (records), which System.Text.Json refuses.
            var valueType = property.PropertyType;
            var options = type.Options;
            var alias = type.CreateJsonPropertyInfo(typeof(JsonElement), camel);
            alias.Set = (target, value) => set(target, ((JsonElement)value!).Deserialize(valueType, options));
            type.Properties.Add(alias);
            Aliases.Add(alias, camel);
        }
    }
}
