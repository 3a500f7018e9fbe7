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

    /// <summary>
    /// The row of the page's <c>&lt;template&gt;</c>: its keys carry <see cref="Placeholder"/> instead of an index,
    /// which the script replaces when it adds the row, so that the row's markup is written once, here on the server.
    /// </summary>
    public bool IsTemplate { get; init; }

    public const string Placeholder = "__index__";

    /// <summary>The row posted under <c>schema[<paramref name="posted"/>]</c>, as row <paramref name="index"/> of the form.</summary>
    public static FieldRow Read(IFormCollection form, int posted, int index)
    {
        string Text(string suffix) => form[$"schema[{posted}].{suffix}"].ToString().Trim();
        bool Flag(string suffix) => form[$"schema[{posted}].{suffix}"] == "true";
        return new FieldRow
        {
            Index = index,
            Id = Text("id") is { Length: > 0 } id ? id : null,
            Name = Text("name"),
            Type = Text("type") is { Length: > 0 } type ? type : "text",
            Required = Flag("validation.required"),
            Unique = Flag("validation.unique"),
            Hidden = Flag("hidden"),
            Remove = Flag("remove"),
            RemoveConfirm = Text("remove_confirm"),
            SavedName = Text("saved_name"),
            Min = Text("validation.min"),
            Max = Text("validation.max"),
            MinLength = Text("validation.min_length"),
            MaxLength = Text("validation.max_length"),
            Pattern = Text("validation.pattern"),
            Values = Text("options.values"),
            MaxSelect = Text("options.max_select"),
            Collection = Text("options.collection"),
            CascadeDelete = Text("options.cascade_delete") is { Length: > 0 } onDelete ? onDelete : "restrict",
            OnCreate = Flag("options.on_create"),
            OnUpdate = Flag("options.on_update"),
            KeepHtml = Flag("options.keep_html"),
            Default = form[$"schema[{posted}].default"].ToString(),
        };
    }

    public string Slot => IsTemplate ? Placeholder : Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Key(string suffix) => $"schema[{Slot}].{suffix}";

    public string InputId(string suffix) => $"field-{Slot}-{suffix.Replace('.', '-').Replace('_', '-')}";

    /// <summary>
    /// A new row nobody filled in (an "Add a field" row left as it came): left out on save. Options that do not apply
    /// to the text type keep their preset values (on create, on update, restrict) and do not count as touched.
    /// Any other new row without a name is an error at its name, never silently dropped.
    /// </summary>
    public bool IsUntouched =>
        Id is null && Name.Length == 0 && Type == "text" && !Required && !Unique && !Hidden
        && (Min + Max + MinLength + MaxLength + Pattern + Values + MaxSelect + Collection + Default).Length == 0;
}
