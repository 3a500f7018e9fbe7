using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace FastCms.Tests.Infrastructure;

/// <summary>Requests sent in-process from a chosen client address, which an <see cref="HttpClient"/> cannot set.</summary>
public static class ClientRequests
{
    public static Task<HttpContext> SendFromAsync(
        this FastCmsFactory factory, string ip, string method, string path, string json, params (string Name, string Value)[] headers)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return factory.Server.SendAsync(http =>
        {
            http.Request.Method = method;
            http.Request.Path = path;
            http.Request.ContentType = "application/json";
            http.Request.Body = new MemoryStream(body);
            http.Request.ContentLength = body.Length;
            foreach (var (name, value) in headers)
            {
                http.Request.Headers[name] = value;
            }

            http.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyPresent());
            http.Connection.RemoteIpAddress = IPAddress.Parse(ip);
        });
    }

    private sealed class BodyPresent : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }
}
