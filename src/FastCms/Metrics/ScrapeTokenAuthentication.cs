using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FastCms.Metrics;

/// <summary>
/// Authenticates a Prometheus server that presents the configured scrape token as a bearer token. The resulting
/// identity only satisfies <see cref="Policy"/>, which guards the Prometheus endpoint; it is no user.
/// </summary>
internal sealed class ScrapeTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder, IOptions<MetricsOptions> metricsOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "FastCmsMetricsScrapeToken";

    public const string Policy = "fastcms:metrics-scrape";

    public const string ScrapeClaim = "fastcms:metrics-scrape";

    private readonly byte[]? _expectedHash = metricsOptions.Value.ScrapeToken is { Length: > 0 } token ? Hash(token) : null;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (_expectedHash is null
            || !AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is not { Length: > 0 } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // Comparing fixed-length digests in constant time reveals neither the token nor its length through timing.
        if (!CryptographicOperations.FixedTimeEquals(Hash(presented), _expectedHash))
        {
            // Not a failure: the same header may carry an admin's access token, which the JWT scheme accepts.
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = new ClaimsIdentity([new Claim(ScrapeClaim, "true")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
