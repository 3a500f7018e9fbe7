using System.Globalization;
using FastCms.Collections;
using FastCms.Records;

namespace FastCms.Admin.Pages.Records;

/// <summary>One cell of the records table: a field's value, shortened for the table.</summary>
internal sealed record RecordCell(CompiledCollection Collection, RecordView Record, RecordColumn Column)
{
    public const int MaxText = 80;

    /// <summary>Links to the record's files, for file fields' thumbnails.</summary>
    public FileLinks? Files { get; init; }

    public FieldDefinition? Field => Column.Field is { } i ? Collection.Fields[i] : null;

    public object? Value => Column.Field is { } i ? Record.Values[i]
        : Column.Name == "created" ? Record.Created
        : Record.Updated;

    /// <summary>Text of a scalar value, cut at <see cref="MaxText"/> characters.</summary>
    public static string Short(string text) =>
        text.Length <= MaxText ? text : string.Concat(text.AsSpan(0, MaxText - 1), "…");

    public static string Number(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
