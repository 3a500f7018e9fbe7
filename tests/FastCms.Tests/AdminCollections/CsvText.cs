using System.Text;

namespace FastCms.Tests.AdminCollections;

/// <summary>Reads CSV as RFC 4180 defines it (quoted fields may hold commas, doubled quotes and line breaks; lines end with CRLF).</summary>
public static class CsvText
{
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                Assert.True(c is not ('"' or '\r' or '\n'), $"unquoted {(int)c} at {i}: a line ends with CRLF and quotes appear only in quoted fields");
                cell.Append(c);
            }
        }

        Assert.False(quoted, "a quoted field is not closed");
        Assert.True(row.Count == 0 && cell.Length == 0, "the last line does not end with CRLF");
        return rows;
    }
}
