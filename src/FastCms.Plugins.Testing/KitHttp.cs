using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FastCms.Plugins.Testing;

/// <summary>The kit's calls to the server's API: JSON in, JSON out, and an exception naming the call when it fails.</summary>
internal static class KitHttp
{
    public static async Task<JsonObject> SendAsync(HttpClient client, HttpMethod method, string url, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {url} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }

        return JsonNode.Parse(text) as JsonObject ?? throw new HttpRequestException($"{method} {url} did not answer a JSON object: {text}");
    }

    public static async Task<JsonObject?> TryGetAsync(HttpClient client, string url, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(client, HttpMethod.Get, url, null, cancellationToken);
        }
        catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Sends the access token of a setup, register or login answer (<c>{user, token}</c>) from now on.</summary>
    public static void UseBearer(HttpClient client, JsonObject signedIn) =>
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            signedIn["token"]?["access_token"]?.GetValue<string>() ?? throw new InvalidOperationException($"No access token in {signedIn.ToJsonString()}"));
}
