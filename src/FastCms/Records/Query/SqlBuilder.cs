using System.Data.Common;
using System.Globalization;
using System.Text;
using FastCms.Data;

namespace FastCms.Records.Query;

/// <summary>SQL text plus its parameter values; values only ever travel as parameters <c>@p0</c>, <c>@p1</c>, ….</summary>
internal sealed class SqlBuilder
{
    private static readonly string[] Names = [.. Enumerable.Range(0, 64).Select(i => "p" + i.ToString(CultureInfo.InvariantCulture))];

    private readonly List<object?> _values;

    public SqlBuilder()
        : this([])
    {
    }

    private SqlBuilder(List<object?> values) => _values = values;

    public StringBuilder Text { get; } = new(128);

    public int ParameterCount => _values.Count;

    /// <summary>Set when the SQL reads tables other than the one filtered (dotted paths through relations).</summary>
    public bool ReadsOtherTables { get; set; }

    /// <summary>The parameter values as text, for cache keys.</summary>
    public void AppendValues(StringBuilder key)
    {
        foreach (var value in _values)
        {
            key.Append('\u0001').Append(value switch
            {
                null => "null",
                string s => "s:" + s,
                IFormattable f => f.GetType().Name + ":" + f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.GetType().Name + ":" + value,
            });
        }
    }

    /// <summary>Adds a parameter and returns its placeholder.</summary>
    public string Add(object? value)
    {
        _values.Add(value);
        return "@" + Name(_values.Count - 1);
    }

    /// <summary>
    /// A builder for a piece of SQL that is placed into this one's text later: its own text, this builder's
    /// parameters, so that placeholders never collide.
    /// </summary>
    public SqlBuilder Fragment() => new(_values);

    /// <summary>Drops the parameters added since there were <paramref name="count"/>, when their SQL is discarded.</summary>
    public void TruncateParameters(int count) => _values.RemoveRange(count, _values.Count - count);

    public SqlBuilder Append(string sql)
    {
        Text.Append(sql);
        return this;
    }

    public void Bind(DbCommand command)
    {
        for (var i = 0; i < _values.Count; i++)
        {
            command.AddParameter(Name(i), _values[i]);
        }
    }

    private static string Name(int index) => index < Names.Length ? Names[index] : "p" + index.ToString(CultureInfo.InvariantCulture);
}
