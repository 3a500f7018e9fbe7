using System.Data.Common;
using System.Text;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Kernel;
using FastCms.Records.Query;

namespace FastCms.Records;

/// <summary>Options of a list call; the HTTP query parameters map onto these one to one.</summary>
internal sealed record ListOptions(
    int Page = 1, int PerPage = ListOptions.DefaultPerPage, string? Filter = null, string? Sort = null, string? Fields = null, string? Expand = null, bool SkipTotal = false)
{
    public const int DefaultPerPage = 20;
    public const int MaxPerPage = Paging.MaxPerPage;
}

/// <summary>A page of records; <see cref="Total"/> and <see cref="TotalPages"/> are <c>null</c> when the count was skipped.</summary>
internal sealed record RecordPage(IReadOnlyList<RecordView> Items, long? Total, int Page, int PerPage, long? TotalPages);

/// <summary>Parses <c>fields</c>, <c>sort</c> and <c>expand</c> against a collection.</summary>
internal static class RecordQuery
{
    public const int MaxExpandDepth = 4;

    public static Projection ParseFields(string? fields, CompiledCollection collection, bool trusted)
    {
        if (string.IsNullOrWhiteSpace(fields) || fields.Trim() == "*")
        {
            return Projection.Public(collection);
        }

        var selected = new List<int>();
        bool created = false, updated = false;
        foreach (var raw in fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (raw)
            {
                case "id" or "expand":
                    break;
                case "created":
                    created = true;
                    break;
                case "updated":
                    updated = true;
                    break;
                case "*":
                    selected.AddRange(collection.PublicFields);
                    break;
                default:
                    if (!collection.TryGetField(raw, out var index) || collection.Fields[index].IsPrivate)
                    {
                        throw new InvalidQueryException("fields", $"Unknown field '{raw}' in collection '{collection.Name}'.", expected: "a comma-separated list of field names");
                    }

                    selected.Add(index);
                    break;
            }
        }

        return new Projection([.. selected.Distinct()], created, updated);
    }

    /// <summary>The ORDER BY list: <c>-views,title</c>, <c>author.name</c>, or <c>@random</c>; ties are broken by id.</summary>
    public static string CompileSort(string? sort, FilterCompiler compiler, string parameter = "sort")
    {
        if (string.IsNullOrWhiteSpace(sort))
        {
            return "t.\"created\", t.\"id\"";
        }

        var order = new StringBuilder();
        var byId = false;
        var position = 0;
        foreach (var part in sort.Split(','))
        {
            var term = part.Trim();
            var at = position + part.IndexOf(term, StringComparison.Ordinal);
            position += part.Length + 1;
            if (order.Length > 0)
            {
                order.Append(", ");
            }

            if (term == "@random")
            {
                order.Append("RANDOM()");
                byId = true;
                continue;
            }

            var descending = term.StartsWith('-');
            var path = term.TrimStart('-', '+');
            var segments = path.Split('.');
            if (!segments.All(Identifiers.IsValidPattern))
            {
                throw new InvalidQueryException(parameter, $"'{term}' at position {at} is not a field name.", at, "a field name, optionally prefixed with - (descending), or @random");
            }

            try
            {
                order.Append(compiler.ScalarExpression(new FieldOperand(segments, at)));
            }
            catch (FilterException e)
            {
                throw InvalidQueryException.From(parameter, e);
            }

            var system = segments.Length == 1 && OperandResolver.IsSystemField(segments[0]);
            byId |= system && segments[0] == "id";
            order.Append(descending ? " DESC" : " ASC").Append(system ? "" : descending ? " NULLS LAST" : " NULLS FIRST");
        }

        return byId ? order.ToString() : order.Append(", t.\"id\"").ToString();
    }

    /// <summary>Parses <c>author,author.team,tags</c> into a tree of relation field names.</summary>
    public static ExpandPlan? ParseExpand(string? expand, CompiledCollection collection, SchemaSnapshot schema, bool trusted)
    {
        if (string.IsNullOrWhiteSpace(expand))
        {
            return null;
        }

        var root = new ExpandPlan(collection);
        foreach (var path in expand.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var segments = path.Split('.');
            if (segments.Length > MaxExpandDepth)
            {
                throw new InvalidQueryException("expand", $"'{path}' is nested deeper than {MaxExpandDepth} levels.");
            }

            var node = root;
            foreach (var name in segments)
            {
                if (!node.Collection.TryGetField(name, out var index) || node.Collection.Fields[index] is not { Type: FieldType.Relation } field
                    || (field.IsPrivate && !trusted) || schema.FindById(field.TargetCollectionId!) is not { } target)
                {
                    throw new InvalidQueryException("expand", $"'{name}' in '{path}' is not a relation field of '{node.Collection.Name}'.", expected: "relation field names, nested with '.'");
                }

                node = node.Children.TryGetValue(name, out var child) ? child : node.Children[name] = new ExpandPlan(target, index);
            }
        }

        return root;
    }

    /// <summary>Reads a row of <c>id, created, updated</c> followed by <paramref name="fields"/>.</summary>
    public static RecordView ReadRow(DbDataReader reader, CompiledCollection collection, int[] fields, Projection projection, SqlDialect dialect)
    {
        var values = new object?[collection.Fields.Length];
        for (var k = 0; k < fields.Length; k++)
        {
            values[fields[k]] = FieldValues.Read(reader, 3 + k, collection.Fields[fields[k]], dialect);
        }

        return new RecordView(collection, reader.GetString(0), dialect.ReadTimestamp(reader, 1), dialect.ReadTimestamp(reader, 2), values, projection);
    }
}

/// <summary>One level of an expand request: the collection at this level and the relations to follow from it.</summary>
internal sealed class ExpandPlan(CompiledCollection collection, int field = -1)
{
    public CompiledCollection Collection { get; } = collection;

    /// <summary>The relation field (in the parent collection) that leads here.</summary>
    public int Field { get; } = field;

    public Dictionary<string, ExpandPlan> Children { get; } = new(StringComparer.Ordinal);
}
