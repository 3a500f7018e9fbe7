using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FastCms.RateLimits;

/// <summary>
/// Per-client request limits (ASP.NET Core's rate limiter, fixed windows) on the endpoints that are expensive or
/// that guess at credentials. A client is its address: the TCP peer, or the forwarded address when the request
/// comes through a trusted proxy (<see cref="TrustedProxies"/>). Limits are counted in each instance's memory.
/// </summary>
internal static class ClientRateLimiting
{
    public const string Register = "fastcms:register";
    public const string Login = "fastcms:login";
    public const string Password = "fastcms:password";
    public const string Refresh = "fastcms:refresh";

    public static IHostApplicationBuilder AddClientRateLimiting(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        builder.AddTrustedProxies();

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, configured) =>
        {
            var limits = configured.Value;
            AddPolicy(limiter, Register, limits.Register);
            AddPolicy(limiter, Login, limits.Login);
            AddPolicy(limiter, Password, limits.Password);
            AddPolicy(limiter, Refresh, limits.Refresh);
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
        });
        return builder;
    }

    // Only submissions count: an admin page with a form (sign-in, setup) is one endpoint for its GET and its POST.
    // Partitions are cached by key, so the unlimited one has a key that is no client address.
    private static void AddPolicy(RateLimiterOptions limiter, string name, RateLimit limit) =>
        limiter.AddPolicy(name, context => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            ? RateLimitPartition.GetNoLimiter("page views")
            : RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit.PermitLimit,
                    Window = TimeSpan.FromSeconds(limit.WindowSeconds),
                    QueueLimit = 0,
                }));

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var detail = "Too many requests from your address.";
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            detail += $" Try again in {seconds} seconds.";
        }

        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too Many Requests", Detail = detail },
        });
    }
}
