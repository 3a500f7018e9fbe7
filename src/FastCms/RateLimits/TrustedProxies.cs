using System.Net;
using FastCms.Kernel;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace FastCms.RateLimits;

/// <summary>
/// <c>FastCms:TrustedProxies</c> (addresses or CIDR ranges): only requests from these peers may name the client
/// with <c>X-Forwarded-For</c> (and the scheme with <c>X-Forwarded-Proto</c>). Empty, the default, trusts no one —
/// not even loopback — so that a client cannot choose its own address and escape its limits.
/// </summary>
internal static class TrustedProxies
{
    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<FastCmsOptions>, TrustedProxiesValidator>();
        builder.Services.AddOptions<FastCmsOptions>().ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<FastCmsOptions>>((forwarded, fastCms) =>
        {
            // With no known proxies at all the middleware would believe every peer, so no list means no forwarding.
            forwarded.ForwardedHeaders = fastCms.Value.TrustedProxies.Length == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Walks X-Forwarded-For from the right for as long as each hop is a trusted proxy.
            forwarded.ForwardLimit = null;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var entry in fastCms.Value.TrustedProxies)
            {
                if (IPAddress.TryParse(entry, out var address))
                {
                    forwarded.KnownProxies.Add(address);
                }
                else if (System.Net.IPNetwork.TryParse(entry, out var network))
                {
                    forwarded.KnownIPNetworks.Add(network);
                }
            }
        });
        return builder;
    }

    private sealed class TrustedProxiesValidator : IValidateOptions<FastCmsOptions>
    {
        public ValidateOptionsResult Validate(string? name, FastCmsOptions options)
        {
            var invalid = options.TrustedProxies
                .Where(entry => !IPAddress.TryParse(entry, out _) && !System.Net.IPNetwork.TryParse(entry, out _))
                .ToList();
            return invalid.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"FastCms:TrustedProxies must list IP addresses or CIDR ranges such as 10.0.0.0/8 (not valid: {string.Join(", ", invalid)}).");
        }
    }
}
