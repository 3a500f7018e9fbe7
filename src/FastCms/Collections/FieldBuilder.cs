using System.Text.Json;
using System.Text.RegularExpressions;
using FastCms.Kernel;
using FastCms.Records;

namespace FastCms.Collections;

/// <summary>Turns one <see cref="FieldDto"/> into a <see cref="FieldDefinition"/>, reporting every problem under <c>schema[i].…</c>.</summary>
internal static class FieldBuilder
{
    public const int MaxPatternLength = 500;

    /// <param name="resolveCollection">Finds a relation target by name or id; <c>null</c> when there is none.</param>
    public static FieldDefinition? Build(
        FieldDto dto, string key, string id, FieldType type, FieldErrors errors, Func<string?, string?, CollectionDefinition?> resolveCollection)
    {
        var validation = dto.Validation ?? new FieldValidationDto();
        var options = dto.Options ?? new FieldOptionsDto();
        var before = errors.Count;
        var textual = type.IsTextual();

        Only(errors, $"{key}.validation.min", validation.Min, type == FieldType.Number, "numbers");
        Only(errors, $"{key}.validation.max", validation.Max, type == FieldType.Number, "numbers");
        Only(errors, $"{key}.validation.min_length", validation.MinLength, textual, "text, editor, email and url fields");
        Only(errors, $"{key}.validation.max_length", validation.MaxLength, textual, "text, editor, email and url fields");
        Only(errors, $"{key}.validation.pattern", validation.Pattern, textual, "text, editor, email and url fields");
        if (validation.Min > validation.Max)
        {
            errors.Add($"{key}.validation.min", "Must not be greater than max.");
        }

        if (validation.MinLength < 0 || validation.MaxLength < 0 || validation.MinLength > validation.MaxLength)
        {
            errors.Add($"{key}.validation.min_length", "Lengths must be 0 or more, and min_length not greater than max_length.");
        }

        if (validation.Pattern is { } pattern && PatternProblem(pattern) is { } patternProblem)
        {
            errors.Add($"{key}.validation.pattern", patternProblem);
        }

        var maxSelect = options.MaxSelect ?? 1;
        var values = options.Values ?? validation.Values;
        string? target = null;
        var onDelete = OnDelete.Restrict;
        switch (type)
        {
            case FieldType.Select:
                if (values is not { Count: > 0 } || values.Any(string.IsNullOrEmpty) || values.Distinct(StringComparer.Ordinal).Count() != values.Count)
                {
                    errors.Add($"{key}.options.values", "A select field needs a list of distinct, non-empty values.");
                }
                else if (maxSelect < 1 || maxSelect > values.Count)
                {
                    errors.Add($"{key}.options.max_select", $"Must be between 1 and the number of values ({values.Count}).");
                }

                break;
            case FieldType.Relation:
                if (maxSelect is < 1 or > FieldValidator.MaxRelationIds)
                {
                    errors.Add($"{key}.options.max_select", $"Must be between 1 and {FieldValidator.MaxRelationIds}.");
                }

                target = resolveCollection(options.Collection, options.CollectionId)?.Id;
                if (target is null)
                {
                    errors.Add($"{key}.options.collection", options.Collection is null && options.CollectionId is null
                        ? "A relation needs the target collection's name (\"collection\")."
                        : $"No collection '{options.Collection ?? options.CollectionId}'.");
                }

                if (!TryOnDelete(options.CascadeDelete, out onDelete))
                {
                    errors.Add($"{key}.options.cascade_delete", "Must be \"restrict\", \"cascade\" or \"set_null\".");
                }
                else if (onDelete == OnDelete.SetNull && validation.Required == true)
                {
                    errors.Add($"{key}.options.cascade_delete", "A required relation cannot be set to null when its target is deleted.");
                }

                break;
            case FieldType.File:
                CheckFileOptions(options, key, errors);
                break;
            case FieldType.Autodate when options.OnCreate == false && options.OnUpdate == false:
                errors.Add($"{key}.options", "An autodate field must be set on create, on update or both.");
                break;
        }

        var multiple = type is FieldType.Select or FieldType.Relation or FieldType.File && maxSelect > 1;
        if (validation.Unique == true && (type is FieldType.Json or FieldType.Bool or FieldType.Autodate or FieldType.File || multiple))
        {
            errors.Add($"{key}.validation.unique", "Unique is not supported for json, bool, autodate, file and multi-value fields.");
        }

        if (type != FieldType.File && (options.MaxSize ?? (object?)options.MimeTypes ?? options.Thumbs ?? (object?)options.Protected) is not null)
        {
            errors.Add($"{key}.options", "max_size, mime_types, thumbs and protected only apply to file fields.");
        }

        Only(errors, $"{key}.options.keep_html", options.KeepHtml, type == FieldType.Editor, "editor fields");
        if (errors.Count > before)
        {
            return null;
        }

        var field = new FieldDefinition
        {
            Id = id,
            Name = dto.Name!,
            Type = type,
            Required = validation.Required == true && type != FieldType.Autodate,
            Unique = validation.Unique == true,
            Hidden = dto.Hidden == true,
            Min = validation.Min,
            Max = validation.Max,
            MinLength = validation.MinLength,
            MaxLength = validation.MaxLength,
            Pattern = validation.Pattern,
            Values = type == FieldType.Select ? values : null,
            MaxSelect = type is FieldType.Select or FieldType.Relation or FieldType.File ? maxSelect : 1,
            MaxSize = type == FieldType.File ? options.MaxSize ?? FileFieldRules.DefaultMaxSize : null,
            MimeTypes = type == FieldType.File ? [.. (options.MimeTypes ?? []).Select(m => m.ToLowerInvariant())] : null,
            Thumbs = type == FieldType.File ? options.Thumbs ?? [] : null,
            Protected = type == FieldType.File && options.Protected == true,
            KeepHtml = type == FieldType.Editor && options.KeepHtml == true,
            TargetCollectionId = target,
            OnDelete = onDelete,
            OnCreate = options.OnCreate ?? true,
            OnUpdate = options.OnUpdate ?? true,
        };

        if (dto.Default is not null)
        {
            if (type is FieldType.Relation or FieldType.Autodate or FieldType.File)
            {
                errors.Add($"{key}.default", "Relation, autodate and file fields take no default.");
                return null;
            }

            if (!UnicodeText.IsWellFormed(dto.Default))
            {
                errors.Add($"{key}.default", UnicodeText.Problem);
                return null;
            }

            var regex = field.Pattern is null ? null : new Regex(field.Pattern, RegexOptions.CultureInvariant, CompiledCollection.PatternTimeout);
            if (FieldValidator.Normalize(field, regex, dto.Default, out _) is { } problem)
            {
                errors.Add($"{key}.default", problem);
                return null;
            }

            field = field with { Default = dto.Default.DeepClone() };
        }

        return field;
    }

    private static void CheckFileOptions(FieldOptionsDto options, string key, FieldErrors errors)
    {
        if (options.MaxSelect is < 1 or > FileFieldRules.MaxFiles)
        {
            errors.Add($"{key}.options.max_select", $"Must be between 1 and {FileFieldRules.MaxFiles}.");
        }

        if (options.MaxSize is < 1)
        {
            errors.Add($"{key}.options.max_size", "Must be a number of bytes greater than 0.");
        }

        if (options.MimeTypes?.FirstOrDefault(m => m is null || !FileFieldRules.IsMimeType(m.ToLowerInvariant())) is { } badType)
        {
            errors.Add($"{key}.options.mime_types", $"'{badType}' is not a content type such as \"image/png\" or \"image/*\".");
        }

        if (options.Thumbs?.FirstOrDefault(t => !ThumbSize.TryParse(t, out _)) is { } badThumb)
        {
            errors.Add($"{key}.options.thumbs", $"'{badThumb}' is not a thumbnail size: use WxH, WxHt, WxHb, WxHf, 0xH or Wx0 (sides up to {ThumbSize.MaxSide}).");
        }
    }

    private static void Only(FieldErrors errors, string key, object? value, bool allowed, string what)
    {
        if (value is not null && !allowed)
        {
            errors.Add(key, $"Only applies to {what}.");
        }
    }

    private static string? PatternProblem(string pattern)
    {
        if (pattern.Length > MaxPatternLength)
        {
            return $"At most {MaxPatternLength} characters.";
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, CompiledCollection.PatternTimeout);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"Not a valid regular expression: {e.Message}";
        }
    }

    private static bool TryOnDelete(JsonElement? value, out OnDelete onDelete)
    {
        onDelete = OnDelete.Restrict;
        switch (value?.ValueKind)
        {
            case null or JsonValueKind.Null or JsonValueKind.False:
                return true;
            case JsonValueKind.True:
                onDelete = OnDelete.Cascade;
                return true;
            case JsonValueKind.String:
                (var known, onDelete) = value.Value.GetString() switch
                {
                    "restrict" or "no_action" => (true, OnDelete.Restrict),
                    "cascade" => (true, OnDelete.Cascade),
                    "set_null" => (true, OnDelete.SetNull),
                    _ => (false, OnDelete.Restrict),
                };
                return known;
            default:
                return false;
        }
    }
}
