using System.Text.Json;
using System.Text.Json.Nodes;
using FastCms.Collections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace FastCms.Records.Files;

/// <summary>
/// Reads a <c>multipart/form-data</c> record write section by section: the <c>data</c> part is the JSON object a JSON
/// body would carry in <c>data</c>; a file part named after a file field (<c>cover</c>) sets it, one named
/// <c>gallery+</c> appends to it. Each file is streamed to storage as it arrives, so memory does not grow with its
/// size; the result is the <c>data</c> object with the stored names filled in.
/// </summary>
internal sealed class MultipartRecordReader(FileUploader uploader, IOptions<FilesOptions> options)
{
    public const string DataPart = "data";

    private const int MaxDataBytes = 1024 * 1024;
    private const int MaxParts = 200;

    public async Task<JsonObject> ReadAsync(HttpRequest request, CompiledCollection collection, UploadScope scope, bool isCreate, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = options.Value.MaxRequestSize;
        }

        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            throw Bad("The multipart body has no boundary.");
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        JsonObject? data = null;
        var sets = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var appends = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var parts = 0;
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (++parts > MaxParts)
            {
                throw Bad($"At most {MaxParts} parts per request.");
            }

            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase) || StringSegment.IsNullOrEmpty(disposition.Name))
            {
                throw Bad("Every part needs a Content-Disposition: form-data header with a name.");
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (!disposition.IsFileDisposition())
            {
                data = name == DataPart ? await ReadDataAsync(section.Body, data, cancellationToken)
                    : throw Bad($"Unknown part '{name}': send the fields as a JSON object in a part named \"data\" and files in parts named after their file field.");
                continue;
            }

            var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
            var append = name.EndsWith('+');
            var fieldName = append ? name[..^1] : name;
            if (!collection.TryGetField(fieldName, out var index) || collection.Fields[index] is not { Type: FieldType.File } field)
            {
                throw Bad($"'{name}' is not a file field of '{collection.Name}'.");
            }

            // A browser sends an empty part for a file input left empty.
            if (string.IsNullOrEmpty(fileName))
            {
                await section.Body.DrainAsync(cancellationToken);
                continue;
            }

            var names = (append && !isCreate ? appends : sets).TryGetValue(field.Name, out var list) ? list : (append && !isCreate ? appends : sets)[field.Name] = [];
            var count = (sets.GetValueOrDefault(field.Name)?.Count ?? 0) + (appends.GetValueOrDefault(field.Name)?.Count ?? 0);
            if (count >= field.MaxSelect && (field.IsMultiple || !append))
            {
                throw new RecordValidationException(RecordWriteChecks.Errors(field.Name, $"At most {field.MaxSelect} file(s) for '{field.Name}'."));
            }

            var upload = await uploader.StoreAsync(collection, scope.RecordId, field, fileName, section.Body, cancellationToken);
            scope.Files.Add(upload);
            names.Add(upload.Name);
        }

        data ??= [];
        Merge(data, collection, sets, appends);
        return data;
    }

    private static void Merge(JsonObject data, CompiledCollection collection, Dictionary<string, List<string>> sets, Dictionary<string, List<string>> appends)
    {
        foreach (var (name, names) in sets)
        {
            collection.TryGetField(name, out var index);
            var field = collection.Fields[index];
            if (!field.IsMultiple)
            {
                data[name] = names[^1];
                continue;
            }

            // Names the data part lists for the field stay, with the new files after them.
            var kept = data[name] switch
            {
                JsonArray array => array.Select(n => n?.ToString()).OfType<string>(),
                JsonValue value when value.TryGetValue<string>(out var one) => [one],
                _ => [],
            };
            data[name] = new JsonArray([.. kept.Concat(names).Select(n => (JsonNode?)n)]);
        }

        foreach (var (name, names) in appends)
        {
            var key = name + "+";
            var earlier = data[key] switch
            {
                JsonArray array => array.Select(n => n?.ToString()).OfType<string>(),
                JsonValue value when value.TryGetValue<string>(out var one) => [one],
                _ => [],
            };
            data[key] = new JsonArray([.. earlier.Concat(names).Select(n => (JsonNode?)n)]);
        }
    }

    private static async Task<JsonObject> ReadDataAsync(Stream body, JsonObject? earlier, CancellationToken cancellationToken)
    {
        if (earlier is not null)
        {
            throw Bad("Send one \"data\" part.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxDataBytes)
            {
                throw Bad($"The \"data\" part is larger than {MaxDataBytes / 1024} KiB.");
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return JsonNode.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) as JsonObject ?? throw Bad("The \"data\" part must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw Bad($"The \"data\" part is not valid JSON: {e.Message}");
        }
    }

    private static RecordProblemException Bad(string detail) => new(StatusCodes.Status400BadRequest, detail);
}
