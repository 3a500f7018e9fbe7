namespace FastCms.Startup;

/// <summary>Headers that make browsers refuse framing, sniffing and foreign scripts, on every response.</summary>
internal static class SecurityHeaders
{
    // The admin UI ships its scripts and styles as files; nothing inline is needed.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    // The API reference page is a single-page app that sets inline styles at runtime; its one inline script carries
    // a per-request nonce (see ApiDocs), so scripts stay limited to our own files and that script.
    private static string ApiReferencePolicy(string? nonce) =>
        $"default-src 'self'; script-src 'self'{(nonce is null ? "" : $" 'nonce-{nonce}'")}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            // Set when the response starts, so that responses written by the exception handler carry them too.
            context.Response.OnStarting(static state => Apply((HttpContext)state), context);
            return next(context);
        });
        return app;
    }

    private static Task Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        var policy = context.Request.Path.StartsWithSegments("/docs") ? ApiReferencePolicy(ApiDocs.ScriptNonce(context)) : ContentSecurityPolicy;

        // An endpoint may tighten the policy (file downloads add "sandbox"); its directives come first.
        headers.ContentSecurityPolicy = headers.ContentSecurityPolicy is [{ Length: > 0 } own] ? $"{own}; {policy}" : policy;
        if (context.Request.Path.StartsWithSegments("/api") && !headers.ContainsKey("Cache-Control"))
        {
            headers.CacheControl = "no-store";
        }

        if (context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        }

        return Task.CompletedTask;
    }
}
