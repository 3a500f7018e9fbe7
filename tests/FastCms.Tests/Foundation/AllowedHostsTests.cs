using System.Net;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Foundation;

public sealed class AllowedHostsServer : SqliteServer
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("AllowedHosts", "cms.example.com;localhost")];
}

public sealed class AllowedHostsTests(AllowedHostsServer server) : ServerTests(server), IClassFixture<AllowedHostsServer>
{
    [Theory]
    [InlineData("cms.example.com", HttpStatusCode.OK)]
    [InlineData("evil.example", HttpStatusCode.BadRequest)]
    public async Task AnyRequest_ConfiguredAllowedHosts_RefusesOtherHosts(string host, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Host = host;

        var response = await Anonymous().SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }
}
