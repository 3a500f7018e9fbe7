using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace FastCms.AdminShell;

/// <summary>
/// Brotli (else gzip) for HTML pages. Scripts, styles and the icon stylesheet are compressed ahead of time instead
/// (<see cref="ContentEncodings"/>, <see cref="AdminIcons"/>); JSON is left alone.
/// </summary>
/// <remarks>
/// Compression over HTTPS lets an attacker who can both reflect input into a page and watch its size learn secrets
/// on the same page (BREACH). Admin pages carry an anti-forgery token and show data next to reflected input (a
/// filter, a search), so a page is compressed only for a request the browser marks as coming from this site itself or
/// from the user (<c>Sec-Fetch-Site: same-origin</c> or <c>none</c>): the requests an attacker's page can cause are
/// cross-site and go out uncompressed, and a browser that does not send the header gets no compression. The
/// anti-forgery token is also different in every response (encrypted with a fresh IV), so it offers no fixed target.
/// </remarks>
internal static class HtmlCompression
{
    public static IServiceCollection AddHtmlCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.MimeTypes = ["text/html"];
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        services.AddSingleton<IResponseCompressionProvider, SameOriginCompression>();
        return services;
    }

    private sealed class SameOriginCompression(IServiceProvider services, IOptions<ResponseCompressionOptions> options)
        : ResponseCompressionProvider(services, options)
    {
        public override bool ShouldCompressResponse(HttpContext context) =>
            context.Request.Headers["Sec-Fetch-Site"] is ["same-origin" or "none"] && base.ShouldCompressResponse(context);
    }
}
