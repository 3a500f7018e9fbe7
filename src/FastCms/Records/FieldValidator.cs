using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FastCms.Auth;
using FastCms.Collections;
using FastCms.Data;
using FastCms.Records.Files;

namespace FastCms.Records;

/// <summary>
/// Checks one submitted value against its field and turns it into the stored form. Empty strings and empty arrays
/// become <c>null</c>, so "not set" has one representation. Returns a message for the API caller, or <c>null</c>.
/// </summary>
internal static class FieldValidator
{
    public const int MaxRelationIds = 1000;

    public static string? Normalize(FieldDefinition field, Regex? pattern, JsonNode? node, out object? value)
    {
        value = null;
        var kind = JsonNodes.Kind(node);
        if (kind == JsonValueKind.Null)
        {
            return null;
        }

        switch (field.Type)
        {
            case FieldType.Text or FieldType.Editor or FieldType.Email or FieldType.Url:
                if (!JsonNodes.TryGetString(node, out var text))
                {
                    return "Must be a string.";
                }

                if (field.Type == FieldType.Editor && !field.KeepHtml)
                {
                    text = EditorHtml.Sanitize(text);
                }

                if (text.Length == 0)
                {
                    return null;
                }

                value = text;
                return CheckText(field, pattern, text);
            case FieldType.Number:
                if (!JsonNodes.TryGetNumber(node, out var number))
                {
                    return "Must be a number.";
                }

                value = number;
                return number < field.Min ? $"Must be at least {Format(field.Min!.Value)}."
                    : number > field.Max ? $"Must be at most {Format(field.Max!.Value)}."
                    : null;
            case FieldType.Bool:
                if (!JsonNodes.TryGetBool(node, out var flag))
                {
                    return "Must be true or false.";
                }

                value = flag;
                return null;
            case FieldType.Date:
                if (!JsonNodes.TryGetString(node, out var dateText) || !TryDate(dateText, out var date))
                {
                    return "Must be a date such as \"2024-05-31\".";
                }

                value = date;
                return null;
            case FieldType.DateTime:
                if (!JsonNodes.TryGetString(node, out var instantText) || !TryInstant(instantText, out var instant))
                {
                    return "Must be a date and time such as \"2024-05-31T12:00:00Z\".";
                }

                value = instant;
                return null;
            case FieldType.Select:
                return NormalizeChoice(field, node, kind, out value, v => field.Values!.Contains(v, StringComparer.Ordinal)
                    ? null : $"'{v}' is not one of: {string.Join(", ", field.Values!)}.");
            case FieldType.Relation:
                return NormalizeChoice(field, node, kind, out value, v => RandomId.IsValid(v) ? null : $"'{v}' is not a record id.");
            case FieldType.File:
                return NormalizeChoice(field, node, kind, out value, v => FileNames.IsStoredName(v) ? null : $"'{v}' is not a file of this record.");
            case FieldType.Json:
                value = new JsonText(node!.ToJsonString());
                return null;
            default:
                return null;
        }
    }

    private static string? CheckText(FieldDefinition field, Regex? pattern, string text)
    {
        if (field.Type == FieldType.Email && !EmailAddress.IsValid(text))
        {
            return "Must be a valid email address.";
        }

        if (field.Type == FieldType.Url && !(Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            return "Must be an absolute http(s) URL.";
        }

        if (text.Length < field.MinLength)
        {
            return $"Must be at least {field.MinLength} characters.";
        }

        if (text.Length > field.MaxLength)
        {
            return $"Must be at most {field.MaxLength} characters.";
        }

        try
        {
            return pattern is null || pattern.IsMatch(text) ? null : $"Must match the pattern {field.Pattern}.";
        }
        catch (RegexMatchTimeoutException)
        {
            return $"Could not be checked against the pattern {field.Pattern} in time.";
        }
    }

    private static string? NormalizeChoice(FieldDefinition field, JsonNode? node, JsonValueKind kind, out object? value, Func<string, string?> check)
    {
        value = null;
        if (!field.IsMultiple)
        {
            if (!JsonNodes.TryGetString(node, out var single))
            {
                return "Must be a string.";
            }

            value = single.Length == 0 ? null : single;
            return single.Length == 0 ? null : check(single);
        }

        var items = new List<string>();
        if (kind == JsonValueKind.String)
        {
            items.Add(node!.GetValue<string>());
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                if (!JsonNodes.TryGetString(item, out var text))
                {
                    return "Must be an array of strings.";
                }

                items.Add(text);
            }
        }
        else
        {
            return "Must be an array of strings.";
        }

        var distinct = items.Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        if (distinct.Length > field.MaxSelect)
        {
            return $"Select at most {field.MaxSelect} values.";
        }

        foreach (var item in distinct)
        {
            if (check(item) is { } problem)
            {
                return problem;
            }
        }

        value = distinct.Length == 0 ? null : distinct;
        return null;
    }

    public static bool TryDate(string text, out DateOnly date)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        if (TryInstant(text, out var instant))
        {
            date = DateOnly.FromDateTime(instant.UtcDateTime);
            return true;
        }

        return false;
    }

    /// <summary>ISO 8601; without an offset the time is UTC. Stored with millisecond precision on both databases.</summary>
    public static bool TryInstant(string text, out DateTimeOffset instant)
    {
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant))
        {
            return false;
        }

        instant = new DateTimeOffset(instant.Ticks - (instant.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        return true;
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
