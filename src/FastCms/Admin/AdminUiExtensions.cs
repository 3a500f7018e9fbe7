using FastCms.Admin.Dashboard;
using FastCms.Admin.Pages.Records;
using FastCms.AdminShell;
using FastCms.Data;
using FastCms.Kernel;
using FastCms.Metrics;
using FastCms.PluginHost.AdminPages;
using FastCms.RateLimits;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.RateLimiting;

namespace FastCms.Admin;

/// <summary>
/// The admin UI at <c>/admin</c>: Razor Pages under <c>Admin/Pages</c> with one layout, a cookie session of its
/// own, anti-forgery on every form, HTML error pages, and its assets served locally.
/// </summary>
internal static class AdminUiExtensions
{
    private const string FaviconPath = "/favicon.ico";

    public static IHostApplicationBuilder AddAdminUi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AdminUiOptions>().BindConfiguration(AdminUiOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<AdminUiOptions>, AdminUiOptionsValidator>();
        services.AddSingleton(AdminAssets.FromAppDirectory());
        services.AddSingleton<IPluginIcons, PluginIconScan>();
        services.AddSingleton<AdminIcons>();
        services.AddHtmlCompression();
        services.AddWebEncoders(options => options.TextEncoderSettings = AdminHtml.Settings);
        services.AddSingleton<RecentErrorLog>();
        services.AddSingleton<ILoggerProvider, RecentErrorLoggerProvider>();
        services.AddSingleton<IDashboardStatSource, UserStats>();
        services.AddSingleton<IDashboardStatSource, PluginStats>();
        services.AddSingleton<IDashboardStatSource, CollectionStats>();
        services.AddSingleton<Pages.Collections.CollectionEditor>();
        builder.AddDataProtectionInDatabase();
        services.AddAdminAuth();

        services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Admin/Pages";
            // Protected unless a page opts out: a new page can never be public by accident.
            options.Conventions.AuthorizeFolder("/", AdminAuth.Policy);
            options.Conventions.AllowAnonymousToPage("/Login");
            options.Conventions.AllowAnonymousToPage("/Logout");
            options.Conventions.AllowAnonymousToPage("/Setup");
            // The sign-in and setup forms check and hash passwords like their API counterparts, and share their limits.
            options.Conventions.AddPageRouteModelConvention("/Login", page => RateLimit(page, ClientRateLimiting.Login));
            options.Conventions.AddPageRouteModelConvention("/Setup", page => RateLimit(page, ClientRateLimiting.Password));
        }).ConfigureApplicationPartManager(parts =>
        {
            // There are no controllers. Looking for them loads every type of the server's assembly at startup (several
            // MiB of type data that stays resident); pages are found from the compiled Razor items instead.
            parts.FeatureProviders.Remove(parts.FeatureProviders.OfType<ControllerFeatureProvider>().Single());
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "fastcms_antiforgery";
            options.Cookie.Path = "/admin";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = "__RequestVerificationToken";
        });
        services.Configure<CookieTempDataProviderOptions>(options =>
        {
            options.Cookie.Name = "fastcms_flash";
            options.Cookie.Path = "/admin";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        // Ahead of the JSON writer: errors of admin pages render as HTML.
        services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, AdminErrorPages>());
        services.LoadKeyRingOnFirstUse();
        return builder;
    }

    private static void RateLimit(PageRouteModel page, string policy)
    {
        foreach (var selector in page.Selectors)
        {
            selector.EndpointMetadata.Add(new EnableRateLimitingAttribute(policy));
        }
    }

    /// <summary>Serves the assets and the favicon, compresses HTML, and keeps admin pages out of caches. Goes before routing.</summary>
    public static WebApplication UseAdminUi(this WebApplication app)
    {
        var assets = app.Services.GetRequiredService<AdminAssets>();
        var icons = app.Services.GetRequiredService<AdminIcons>();
        app.UseResponseCompression();
        app.Use((context, next) =>
        {
            // Browsers ask every site for /favicon.ico by themselves (the API reference and JSON answers too).
            if (context.Request.Path == FaviconPath)
            {
                context.Request.Path = AdminAssets.RequestPath + FaviconPath;
            }

            if (context.Request.Path.StartsWithSegments(AdminAssets.RequestPath))
            {
                HttpMetrics.MarkStaticFile(context);
            }

            return next(context);
        });
        app.Use(async (context, next) =>
        {
            if (!await icons.TryServeAsync(context) && ContentEncodings.SelectFile(context, assets.Files, AdminAssets.RequestPath))
            {
                await next(context);
            }
        });
        app.UseStaticFiles(assets.StaticFileOptions());
        app.Use((context, next) =>
        {
            if (AdminErrorPages.IsAdminPage(context.Request.Path) && !PluginStaticFiles.IsStaticPath(context.Request.Path))
            {
                context.Response.OnStarting(static state =>
                {
                    ((HttpContext)state).Response.Headers.CacheControl = "no-store";
                    return Task.CompletedTask;
                }, context);
            }

            return next(context);
        });
        return app;
    }

    public static WebApplication MapAdminUi(this WebApplication app)
    {
        // Mapped on the first admin request: the pages' MVC stack is not loaded by a server only used through its API.
        app.MapDeferred(["/admin"], routes => routes.MapRazorPages());
        app.MapAdminRealtime();
        app.MapRelationPicker();
        app.MapPluginPageFallback();
        return app;
    }
}
