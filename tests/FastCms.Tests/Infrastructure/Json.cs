using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FastCms.Tests.Infrastructure;

/// <summary>JSON over HTTP the way an API client sees it: snake_case bodies, parsed into <see cref="JsonNode"/>.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, Options);

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body) =>
        client.PatchAsJsonAsync(url, body, Options);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string body) =>
        client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));

    /// <summary>Sends <paramref name="body"/> byte for byte as <c>application/json</c>, for bodies that are not valid UTF-8.</summary>
    public static Task<HttpResponseMessage> SendBytesAsync(this HttpClient client, HttpMethod method, string url, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return client.SendAsync(new HttpRequestMessage(method, url) { Content = content });
    }

    /// <summary>
    /// The UTF-8 bytes of <paramref name="json"/> with every <c>{bad}</c> replaced by text that is not valid Unicode:
    /// the escape <c>\ud800</c> (a lone surrogate), or with <paramref name="rawBytes"/> the invalid UTF-8 bytes 0xC3 0x28.
    /// </summary>
    public static byte[] WithInvalidText(string json, bool rawBytes)
    {
        if (!rawBytes)
        {
            return Encoding.UTF8.GetBytes(json.Replace("{bad}", "\\ud800", StringComparison.Ordinal));
        }

        var parts = json.Split("{bad}");
        return [.. parts.SelectMany((part, i) => i == 0 ? Encoding.UTF8.GetBytes(part) : [0xC3, 0x28, .. Encoding.UTF8.GetBytes(part)])];
    }

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Empty JSON body.");

    /// <summary>Asserts the status and returns the parsed body; on mismatch the message shows the body.</summary>
    public static async Task<JsonNode> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Asserts an RFC 7807 problem with the status and returns it.</summary>
    public static async Task<JsonNode> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await response.ExpectAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        return problem;
    }

    public static HttpClient WithBearer(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
