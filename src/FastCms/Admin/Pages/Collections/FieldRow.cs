namespace FastCms.Admin.Pages.Collections;

/// <summary>One row of the fields editor; its inputs are named like the API's error keys (<c>schema[2].validation.min</c>).</summary>
internal sealed class FieldRow
{
    public int Index { get; set; }

    public string? Id { get; set; }

    public string Name { get; set; } = "";

    public string Type { get; set; } = "text";

    public bool Required { get; set; }

    public bool Unique { get; set; }

    public bool Hidden { get; set; }

    public bool Remove { get; set; }

    /// <summary>The name typed to confirm removing a stored field (and its data).</summary>
    public string RemoveConfirm { get; set; } = "";

    /// <summary>The stored field's name, to say what to type; the check itself compares with the stored field.</summary>
    public string SavedName { get; set; } = "";

    public string Min { get; set; } = "";

    public string Max { get; set; } = "";

    public string MinLength { get; set; } = "";

    public string MaxLength { get; set; } = "";

    public string Pattern { get; set; } = "";

    public string Values { get; set; } = "";

    public string MaxSelect { get; set; } = "";

    public string Collection { get; set; } = "";

    public string CascadeDelete { get; set; } = "restrict";

    public bool OnCreate { get; set; } = true;

    public bool OnUpdate { get; set; } = true;

    public bool KeepHtml { get; set; }

    /// <summary>The default as typed: see <see cref="FieldDefaultText"/>.</summary>
    public string Default { get; set; } = "";

    public string Key(string suffix) => $"schema[{Index}].{suffix}";

    public string InputId(string suffix) => $"field-{Index}-{suffix.Replace('.', '-').Replace('_', '-')}";

    public bool IsBlank => Id is null && Name.Length == 0;
}
