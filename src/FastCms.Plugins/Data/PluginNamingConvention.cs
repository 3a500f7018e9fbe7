using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FastCms.Plugins.Data;

/// <summary>
/// Names every table of a plugin <c>{prefix}{snake_case name}</c> (also when the plugin names a table itself, so
/// plugins never collide with each other or the core) and gives columns, keys and indexes snake_case names unless
/// the plugin configured them.
/// </summary>
internal sealed class PluginNamingConvention(string prefix) : IModelFinalizingConvention
{
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        foreach (var entity in modelBuilder.Metadata.GetEntityTypes())
        {
            if (entity.BaseType is null && !entity.IsOwned() && entity.GetTableName() is { } name && !name.StartsWith(prefix, StringComparison.Ordinal))
            {
                // Explicitly, so that a [Table] attribute or ToTable(...) cannot escape the prefix.
                ((IMutableEntityType)entity).SetTableName(prefix + Snake(name));
            }
        }

        foreach (var entity in modelBuilder.Metadata.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table)
            {
                continue;
            }

            foreach (var property in entity.GetDeclaredProperties())
            {
                property.Builder.HasColumnName(Snake(property.GetColumnName()));
            }

            entity.FindPrimaryKey()?.Builder.HasName("pk_" + table);
            foreach (var key in entity.GetDeclaredKeys().Where(k => !k.IsPrimaryKey()))
            {
                key.Builder.HasName($"ak_{table}_{Columns(key.Properties)}");
            }

            foreach (var foreignKey in entity.GetDeclaredForeignKeys())
            {
                var principal = foreignKey.PrincipalEntityType.GetTableName() ?? Snake(foreignKey.PrincipalEntityType.ShortName());
                foreignKey.Builder.HasConstraintName($"fk_{table}_{principal}_{Columns(foreignKey.Properties)}");
            }

            foreach (var index in entity.GetDeclaredIndexes())
            {
                index.Builder.HasDatabaseName($"{(index.IsUnique ? "ux" : "ix")}_{table}_{Columns(index.Properties)}");
            }
        }
    }

    private static string Columns(IEnumerable<IConventionProperty> properties) =>
        string.Join("_", properties.Select(p => Snake(p.GetColumnName())));

    /// <summary><c>OwnerId</c> → <c>owner_id</c>, <c>HTMLBody</c> → <c>html_body</c>; already snake_case names stay.</summary>
    internal static string Snake(string name)
    {
        var result = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var endsAcronym = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if ((previousIsLowerOrDigit || endsAcronym) && result.Length > 0 && result[^1] != '_')
                {
                    result.Append('_');
                }

                result.Append(char.ToLowerInvariant(c));
            }
            else
            {
                result.Append(c == '-' || c == ' ' ? '_' : c);
            }
        }

        return result.ToString();
    }
}

/// <summary>Stores instants on SQLite as fixed-width UTC text, so that text order is time order.</summary>
internal sealed class UtcTextConverter() : ValueConverter<DateTimeOffset, string>(v => Write(v), v => Read(v))
{
    private static string Write(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Read(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
