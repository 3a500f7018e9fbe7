using System.Data.Common;

namespace FastCms.Data;

internal static class DbCommandExtensions
{
    /// <summary>
    /// Adds parameter <c>@</c><paramref name="name"/> (the <c>@</c> may be given or left out). The name is stored with
    /// its prefix: SQLite looks a bare name up four times per execution (as written, then with each prefix it accepts,
    /// each a scan of the statement's parameters), which made statements with many parameters cost quadratic time.
    /// </summary>
    public static DbCommand AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name.StartsWith('@') ? name : "@" + name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    public static DbCommand CreateCommand(this DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public static string? GetNullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
