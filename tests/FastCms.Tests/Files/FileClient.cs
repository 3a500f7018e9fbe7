using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using FastCms.Storage;
using FastCms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace FastCms.Tests.Files;

/// <summary>Multipart bodies, test images and storage checks the file tests share.</summary>
internal static class FileClient
{
    public sealed record Part(string Name, string FileName, byte[] Content, string ContentType = "application/octet-stream");

    public static MultipartFormDataContent Form(object? data, params Part[] files)
    {
        var form = new MultipartFormDataContent();
        if (data is not null)
        {
            form.Add(new StringContent(JsonSerializer.Serialize(data, Json.Options)), "data");
        }

        foreach (var file in files)
        {
            var content = new ByteArrayContent(file.Content);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
            form.Add(content, file.Name, file.FileName);
        }

        return form;
    }

    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string collection, object? data, params Part[] files) =>
        client.PostAsync($"/api/v1/collections/{collection}/records", Form(data, files));

    public static Task<HttpResponseMessage> PatchFormAsync(this HttpClient client, string collection, string id, object? data, params Part[] files) =>
        client.PatchAsync($"/api/v1/collections/{collection}/records/{id}", Form(data, files));

    public static string FileUrl(string collection, string id, string name, string query = "") =>
        $"/api/v1/files/{collection}/{id}/{name}{(query.Length == 0 ? "" : "?" + query)}";

    /// <summary>A PNG of <paramref name="width"/>×<paramref name="height"/>: the top half red, the bottom half blue.</summary>
    public static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var red = new SKPaint { Color = SKColors.Red };
            using var blue = new SKPaint { Color = SKColors.Blue };
            canvas.DrawRect(0, 0, width, height / 2f, red);
            canvas.DrawRect(0, height / 2f, width, height - (height / 2f), blue);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static SKBitmap Decode(byte[] image) => SKBitmap.Decode(image) ?? throw new InvalidOperationException("Not an image.");

    /// <summary>Bytes of a Windows program header, then filler.</summary>
    public static byte[] Exe() => [.. "MZ"u8.ToArray(), .. new byte[1022]];

    public static IFileStorage Storage(this ServerFixture server) => server.Factory.Services.GetRequiredService<IFileStorage>();

    public static async Task<List<string>> KeysAsync(this ServerFixture server, string prefix)
    {
        var keys = new List<string>();
        await foreach (var item in server.Storage().ListAsync(prefix, CancellationToken.None))
        {
            keys.Add(item.Key);
        }

        return keys;
    }

    /// <summary>Waits (at most 10 s) until no object is left under <paramref name="prefix"/>; deletion runs right after the commit.</summary>
    public static async Task<List<string>> KeysAfterCleanupAsync(this ServerFixture server, string prefix, int expected = 0)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var keys = await server.KeysAsync(prefix);
            if (keys.Count <= expected || DateTime.UtcNow > until)
            {
                return keys;
            }

            await Task.Delay(50);
        }
    }

    public static string[] Names(JsonNode? value) => value switch
    {
        JsonArray array => [.. array.Select(n => n!.GetValue<string>())],
        JsonValue one => [one.GetValue<string>()],
        _ => [],
    };
}
