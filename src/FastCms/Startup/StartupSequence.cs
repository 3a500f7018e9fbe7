using System.Reflection;
using System.Runtime;
using Microsoft.Extensions.Options;

namespace FastCms.Startup;

/// <summary>One step that runs before the server accepts requests; <c>Program.cs</c> lists them in order.</summary>
internal delegate Task StartupStep(WebApplication app, CancellationToken cancellationToken);

internal static class StartupSequence
{
    /// <summary>
    /// Runs <paramref name="steps"/> in order, then serves. A configuration error ends the process (exit code 2) with a
    /// message naming the setting instead of a stack trace, before anything is written; an address already in use ends
    /// it with exit code 1 and a message saying so.
    /// </summary>
    public static async Task<int> RunAfterStartupAsync(this WebApplication app, params StartupStep[] steps)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FastCms");
        try
        {
            foreach (var step in steps)
            {
                await step(app, app.Lifetime.ApplicationStopping);
            }
        }
        catch (Exception e) when (ConfigurationErrors(e) is { Count: > 0 } errors)
        {
            return await RefuseAsync(app, errors);
        }

        app.Lifetime.ApplicationStarted.Register(ReleaseStartupMemory);
        try
        {
            await app.RunAsync();
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            logger.LogCritical("{Message} Another process is listening there: stop it, or give FastCMS another address with --urls.", e.Message);
            await app.DisposeAsync();
            return 1;
        }

        return 0;
    }

    /// <summary>
    /// Startup allocates some 35 MB that is garbage once it is done (configuration, plugin assemblies, EF models, the
    /// route table); the collector would keep most of that memory committed while the server idles. One compacting
    /// collection that returns free memory to the system, off the request path, as the server starts listening. Only
    /// when the process is this server: a collection pauses the whole process, and a host of many servers (the test
    /// suite) must not stop all of them whenever one starts.
    /// </summary>
    private static void ReleaseStartupMemory()
    {
        if (Assembly.GetEntryAssembly() != typeof(StartupSequence).Assembly)
        {
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(static _ =>
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }, null);
    }

    /// <summary>
    /// Checks every validated setting before the pipeline is built, since building it reads some of them: on an invalid
    /// one returns the exit code (2) after logging what is wrong, as <see cref="RunAfterStartupAsync"/> does.
    /// </summary>
    public static async Task<int?> RefuseInvalidConfigurationAsync(this WebApplication app)
    {
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            return null;
        }
        catch (Exception e) when (ConfigurationErrors(e) is { Count: > 0 } errors)
        {
            return await RefuseAsync(app, errors);
        }
    }

    private static async Task<int> RefuseAsync(WebApplication app, List<string> errors)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FastCms");
        foreach (var error in errors)
        {
            logger.LogCritical("Invalid configuration: {Message}", error);
        }

        // Disposing flushes the console logger, which writes on a background thread.
        await app.DisposeAsync();
        return 2;
    }

    private static List<string> ConfigurationErrors(Exception exception) => exception switch
    {
        OptionsValidationException validation => [.. validation.Failures],
        AggregateException aggregate => [.. aggregate.InnerExceptions.SelectMany(ConfigurationErrors)],
        InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" } binder => [binder.Message],
        _ => [],
    };
}
