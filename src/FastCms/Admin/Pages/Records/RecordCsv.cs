using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FastCms.Collections;
using FastCms.Kernel;
using FastCms.Records;

namespace FastCms.Admin.Pages.Records;

/// <summary>
/// One record as a CSV line (RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled, lines end
/// with CRLF). Multi-values and JSON are written as JSON text, dates and times in ISO 8601 (UTC). Text that a
/// spreadsheet would run as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR) gets a
/// leading <c>'</c>; numbers, dates and flags are written by the server and cannot start a formula.
/// </summary>
internal static class RecordCsv
{
    private static readonly char[] _formulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    private static readonly char[] _needsQuotes = [',', '"', '\r', '\n'];

    // A CSV file is not HTML: letters outside ASCII stay letters instead of \u escapes.
    private static readonly JsonSerializerOptions _json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The header: <c>id</c>, the visible fields, <c>created</c>, <c>updated</c>.</summary>
    public static void WriteHeader(StringBuilder line, CompiledCollection collection)
    {
        line.Append("id");
        foreach (var i in collection.PublicFields)
        {
            line.Append(',');
            Append(line, collection.Fields[i].Name, guard: true);
        }

        line.Append(",created,updated\r\n");
    }

    public static void WriteRow(StringBuilder line, RecordView record)
    {
        line.Append(record.Id);
        foreach (var i in record.Collection.PublicFields)
        {
            line.Append(',');
            switch (record.Values[i])
            {
                case null:
                    break;
                case string text:
                    Append(line, text, guard: true);
                    break;
                case double number:
                    line.Append(number.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case bool flag:
                    line.Append(flag ? "true" : "false");
                    break;
                case DateOnly date:
                    line.Append(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    break;
                case DateTimeOffset instant:
                    line.Append(UtcTimestamp.ToText(instant));
                    break;
                case string[] values:
                    Append(line, JsonSerializer.Serialize(values, _json), guard: false);
                    break;
                case JsonText json:
                    Append(line, json.Raw, guard: true);
                    break;
                case var other:
                    Append(line, Convert.ToString(other, CultureInfo.InvariantCulture) ?? "", guard: true);
                    break;
            }
        }

        line.Append(',').Append(UtcTimestamp.ToText(record.Created)).Append(',').Append(UtcTimestamp.ToText(record.Updated)).Append("\r\n");
    }

    /// <summary>A cell's text, guarded against formulas when it comes from what users typed, and quoted when it must be.</summary>
    public static void Append(StringBuilder line, string text, bool guard)
    {
        if (guard && text.Length > 0 && Array.IndexOf(_formulaStarts, text[0]) >= 0)
        {
            text = "'" + text;
        }

        if (text.IndexOfAny(_needsQuotes) < 0)
        {
            line.Append(text);
            return;
        }

        line.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
