using System.Text.Json.Nodes;
using FastCms.Collections;
using FastCms.Files;
using FastCms.Records;
using FastCms.Records.Files;

namespace FastCms.Admin.Pages.Records;

/// <summary>Links to a record's files for admin pages: a file token in the URL, so images load without an API bearer token.</summary>
internal sealed record FileLinks(string Collection, string RecordId, string Token)
{
    public static FileLinks? For(FileTokens tokens, HttpContext http, CompiledCollection collection, string? recordId) =>
        recordId is null || !collection.Fields.Any(f => f.Type == FieldType.File) || RecordCaller.FromHttp(http) is not { UserId: not null } caller
            ? null
            : new FileLinks(collection.Name, recordId, tokens.Issue(caller).Token);

    public string Url(string name, bool thumb = false) =>
        $"/api/v1/files/{Uri.EscapeDataString(Collection)}/{RecordId}/{name}?token={Uri.EscapeDataString(Token)}{(thumb ? "&thumb=" + FileFieldRules.AdminThumb : "")}";

    /// <summary>The file's address without a token: what content that embeds the file stores.</summary>
    public string PublicUrl(string name) => $"/api/v1/files/{Uri.EscapeDataString(Collection)}/{RecordId}/{name}";

    public static bool IsImage(string name) => ContentSniffer.IsImage(ContentSniffer.TypeOfExtension(Path.GetExtension(name)));
}

/// <summary>
/// The admin record form's uploads: the files posted for each file field are stored like API uploads (sniffed, size
/// checked) under an <see cref="UploadScope"/>, and their names put into <c>data</c>: appended on an update of a
/// multi-file field, replacing otherwise.
/// </summary>
internal static class AdminUploads
{
    public static async Task StoreAsync(
        FileUploader uploader, CompiledCollection collection, UploadScope scope, IFormCollection form, JsonObject data, bool isCreate, CancellationToken cancellationToken)
    {
        foreach (var field in collection.Fields.Where(f => f.Type == FieldType.File))
        {
            var names = new List<string>();
            foreach (var file in form.Files.GetFiles(RecordForm.Prefix + field.Name).Where(f => f.Length > 0 || f.FileName.Length > 0))
            {
                await using var content = file.OpenReadStream();
                var upload = await uploader.StoreAsync(collection, scope.RecordId, field, file.FileName, content, cancellationToken);
                scope.Files.Add(upload);
                names.Add(upload.Name);
            }

            if (names.Count == 0)
            {
                continue;
            }

            if (!field.IsMultiple)
            {
                // A new file replaces the stored one; a ticked "remove" of the old one says nothing more.
                data.Remove(field.Name + "-");
                data[field.Name] = names[^1];
            }
            else
            {
                data[isCreate ? field.Name : field.Name + "+"] = new JsonArray([.. names.Select(n => (JsonNode?)n)]);
            }
        }
    }
}
