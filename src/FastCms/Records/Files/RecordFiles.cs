using FastCms.Collections;
using FastCms.Data;
using FastCms.Kernel;

namespace FastCms.Records.Files;

/// <summary>
/// What a record write does to its stored files, inside the write's transaction: a file field may only name files the
/// record already has or that this write uploaded; uploads it keeps are confirmed; files it drops (and all files of a
/// deleted record) are handed to <see cref="FileCleanup"/>, which deletes them only once the write commits. A write that
/// rolls back therefore loses nothing, and the old file of a replaced one stays readable until the new one is in.
/// </summary>
internal sealed class RecordFiles(FileCleanup cleanup)
{
    /// <summary>
    /// Checks and tracks the file fields among <paramref name="sets"/> (field index → new value) of record
    /// <paramref name="recordId"/>, whose stored values are <paramref name="previous"/> (<c>null</c> for a create).
    /// </summary>
    public async Task OnWriteAsync(
        DbSession session, CompiledCollection collection, string recordId, object?[]? previous, IEnumerable<(int Field, object? Value)> sets,
        CancellationToken cancellationToken)
    {
        var scope = UploadScope.For(collection.Id, recordId);
        var errors = new FieldErrors();
        var dropped = new List<(string Key, bool WholePrefix)>();
        var kept = new List<string>();
        var touched = new HashSet<int>();
        foreach (var (index, value) in sets)
        {
            var field = collection.Fields[index];
            if (field.Type != FieldType.File || !touched.Add(index))
            {
                continue;
            }

            var before = Names(previous?[index]);
            var after = Names(value);
            var uploaded = scope?.Files.Where(f => f.Field == field.Name).ToList() ?? [];
            foreach (var name in after.Where(n => !before.Contains(n) && uploaded.All(u => u.Name != n)))
            {
                errors.Add(field.Name, $"'{name}' is not a file of this record; upload it as a file part named '{field.Name}'.");
            }

            kept.AddRange(uploaded.Where(u => after.Contains(u.Name)).Select(u => u.ReservationId));
            dropped.AddRange(before.Where(n => !after.Contains(n)).Select(n => (FileNames.Key(collection.Id, recordId, n), false)));
        }

        if (errors.Any)
        {
            throw new RecordValidationException(errors);
        }

        await FileCleanup.ConfirmAsync(session, kept, cancellationToken);
        await cleanup.DeleteAfterCommitAsync(session, dropped, cancellationToken);
    }

    /// <summary>Removes every file of a deleted record (and its thumbnails) once the delete commits.</summary>
    public Task OnDeletedAsync(DbSession session, CompiledCollection collection, string recordId, CancellationToken cancellationToken) =>
        collection.Fields.Any(f => f.Type == FieldType.File)
            ? cleanup.DeleteAfterCommitAsync(session, [(FileNames.RecordPrefix(collection.Id, recordId), true)], cancellationToken)
            : Task.CompletedTask;

    /// <summary>Removes every file of a collection being deleted once the deletion commits.</summary>
    public Task OnCollectionDroppedAsync(DbSession session, CollectionDefinition collection, CancellationToken cancellationToken) =>
        collection.Fields.Any(f => f.Type == FieldType.File)
            ? cleanup.DeleteAfterCommitAsync(session, [($"{collection.Id}/", true)], cancellationToken)
            : Task.CompletedTask;

    /// <summary>
    /// Before file fields are dropped from a collection, hands every file they hold to the cleanup, so that removing a
    /// field never leaves its files behind; the deletion happens only if the schema change commits.
    /// </summary>
    public async Task OnFieldsRemovingAsync(DbSession session, CollectionDefinition collection, IEnumerable<FieldDefinition> removed, CancellationToken cancellationToken)
    {
        var targets = new List<(string Key, bool WholePrefix)>();
        foreach (var field in removed.Where(f => f.Type == FieldType.File))
        {
            var column = session.Dialect.Quote(field.Name);
            await using var command = session.CreateCommand($"SELECT \"id\", {column} FROM {session.Dialect.Quote(collection.Name)} WHERE {column} IS NOT NULL");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var recordId = reader.GetString(0);
                targets.AddRange(Names(FieldValues.Read(reader, 1, field, session.Dialect)).Select(n => (FileNames.Key(collection.Id, recordId, n), false)));
            }
        }

        await cleanup.DeleteAfterCommitAsync(session, targets, cancellationToken);
    }

    /// <summary>
    /// Turns <c>"gallery+"</c>/<c>"gallery-"</c> into the field's new value, now that the stored one is known: removals
    /// first, then appends, which on a single-file field replace its file.
    /// </summary>
    public static void ApplyEdits(CompiledCollection collection, RecordPatch patch, object?[] previous)
    {
        if (patch.FileEdits.Count == 0)
        {
            return;
        }

        var errors = new FieldErrors();
        foreach (var group in patch.FileEdits.GroupBy(e => e.Field))
        {
            var field = collection.Fields[group.Key];
            var names = Names(previous[group.Key]).ToList();
            foreach (var (_, edit, append) in group.OrderBy(e => e.Append))
            {
                if (!append)
                {
                    names.RemoveAll(edit.Contains);
                }
                else if (!field.IsMultiple)
                {
                    names = [.. edit.TakeLast(1)];
                }
                else
                {
                    names.AddRange(edit.Where(n => !names.Contains(n)));
                }
            }

            if (names.Count > field.MaxSelect)
            {
                errors.Add(field.Name, $"At most {field.MaxSelect} files; this would make {names.Count}.");
            }

            patch.Sets.Add((group.Key, field.IsMultiple ? (names.Count == 0 ? null : names.ToArray()) : names.FirstOrDefault()));
        }

        patch.FileEdits.Clear();
        if (errors.Any)
        {
            throw new RecordValidationException(errors);
        }
    }

    public static string[] Names(object? value) => value switch
    {
        string one => [one],
        string[] many => many,
        _ => [],
    };
}
