using System.Diagnostics;
using FastCms.Kernel;
using FastCms.Storage;

namespace FastCms.Startup;

/// <summary>
/// <c>FastCms storage copy --from local --to s3 [--overwrite]</c>: copies every stored file from one backend to the
/// other, configured exactly as the server configures them, without building the web host. Switching backends is
/// then a change of <c>FastCms:Storage:Provider</c>.
/// </summary>
internal static class StorageCopyCommand
{
    public const int Failed = 1;
    public const int UsageError = 2;

    public const string Usage = """
        Usage: FastCms storage copy --from <local|s3> --to <local|s3> [--overwrite] [--contentRoot <dir>] [--<setting> <value>]

        Copies every file (originals and thumbnails) from one storage backend to the other, using the settings the
        server uses (FastCms:Storage:Local:Root, FastCms:Storage:S3:*): from appsettings.json, environment variables
        and, as for the server, the command line (--contentRoot /srv/cms, --FastCms:Storage:S3:Bucket media). Files the
        target already holds with the same size are skipped unless --overwrite is given, so an interrupted copy can be
        run again. Nothing is deleted. Afterwards set FastCms:Storage:Provider to the target and restart the server.
        """;

    /// <summary>Runs the command if the arguments ask for it and returns its exit code; <c>null</c> means "start the server".</summary>
    public static Task<int>? TryRunAsync(string[] args) =>
        args is ["storage", .. var rest] ? RunAsync(rest, Console.Out, Console.Error) : null;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args is ["copy", "--help" or "-h"] or ["--help" or "-h"])
        {
            output.WriteLine(Usage);
            return 0;
        }

        if (Parse(args, out var problem) is not { } request)
        {
            error.WriteLine(problem);
            error.WriteLine();
            error.WriteLine(Usage);
            return UsageError;
        }

        var builder = WebApplication.CreateBuilder(HostingExtensions.WithHostDefaults([.. request.Settings]));
        builder.AddShippedDefaults();
        var configuration = builder.Configuration;
        var paths = ContentPaths.Resolve(configuration.GetSection(FastCmsOptions.Section).Get<FastCmsOptions>() ?? new(), builder.Environment.ContentRootPath);
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new();
        var s3 = configuration.GetSection(S3StorageOptions.Section).Get<S3StorageOptions>() ?? new();
        IFileStorage source, target;
        try
        {
            source = FileStorages.Create(request.From, storage, s3, paths);
            target = FileStorages.Create(request.To, storage, s3, paths);
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine(e.Message);
            return UsageError;
        }

        using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
        var copier = new StorageCopier(source, target, loggers.CreateLogger("FastCms.Storage.Copy"));
        output.WriteLine($"Copying files from {Describe(source)} to {Describe(target)}…");
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        var result = await copier.CopyAsync(request.Overwrite, progress =>
        {
            // One line a second at most, so a copy of a million files stays readable.
            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(1))
            {
                lastReport = clock.Elapsed;
                output.WriteLine($"  {Summary(progress)}");
            }
        }, CancellationToken.None);

        output.WriteLine($"Done in {clock.Elapsed.TotalSeconds:0.0} s: {Summary(result)}.");
        if (result.Failed > 0)
        {
            error.WriteLine($"{result.Failed} file(s) could not be copied (see the errors above); run the command again to retry them.");
            return Failed;
        }

        output.WriteLine($"To use the copy, set {StorageSettingNames.Provider}={target.Name} and restart the server.");
        return 0;
    }

    /// <summary>What to copy, and settings given on the command line (<c>--key value</c> pairs, as the server takes them).</summary>
    private sealed record Request(string From, string To, bool Overwrite, IReadOnlyList<string> Settings);

    // Settings as the server takes them on its command line: the content root, the environment, or a setting's path
    // (it has a ':'). Anything else stays an unknown argument, so that a mistyped option is not taken for a setting.
    private static bool IsSetting(string argument)
    {
        var key = argument.StartsWith("--", StringComparison.Ordinal) ? argument[2..].Split('=', 2)[0] : "";
        return key.Contains(':', StringComparison.Ordinal) || key.Equals("contentRoot", StringComparison.OrdinalIgnoreCase)
            || key.Equals("environment", StringComparison.OrdinalIgnoreCase);
    }

    private static Request? Parse(string[] args, out string problem)
    {
        problem = "";
        if (args is not ["copy", .. var rest])
        {
            problem = args.Length == 0 ? "Missing the sub-command: storage copy." : $"Unknown sub-command 'storage {args[0]}'.";
            return null;
        }

        string? from = null, to = null;
        var overwrite = false;
        var settings = new List<string>();
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case var setting when IsSetting(setting) && setting.Contains('=', StringComparison.Ordinal):
                    settings.Add(setting);
                    break;
                case var setting when IsSetting(setting) && i + 1 >= rest.Length:
                    problem = $"The setting {setting} needs a value.";
                    return null;
                case var setting when IsSetting(setting):
                    settings.Add(setting);
                    settings.Add(rest[++i]);
                    break;
                case "--from" or "--to" when i + 1 >= rest.Length:
                    problem = $"The option {rest[i]} needs a value.";
                    return null;
                case "--from":
                    from = rest[++i];
                    break;
                case "--to":
                    to = rest[++i];
                    break;
                case "--overwrite":
                    overwrite = true;
                    break;
                default:
                    problem = $"Unknown argument '{rest[i]}'.";
                    return null;
            }
        }

        problem = (from, to) switch
        {
            (null, _) or (_, null) => "Give both --from and --to.",
            _ when !StorageExtensions.Providers.Contains(from, StringComparer.OrdinalIgnoreCase) => $"Unknown backend '{from}' for --from.",
            _ when !StorageExtensions.Providers.Contains(to, StringComparer.OrdinalIgnoreCase) => $"Unknown backend '{to}' for --to.",
            _ when from.Equals(to, StringComparison.OrdinalIgnoreCase) => "--from and --to name the same backend; there is nothing to copy.",
            _ => "",
        };
        return problem.Length == 0 ? new Request(from!, to!, overwrite, settings) : null;
    }

    private static string Describe(IFileStorage storage) => storage switch
    {
        LocalFileStorage local => $"local ({local.Root})",
        _ => storage.Name,
    };

    private static string Summary(CopyResult result) =>
        $"{result.Copied} copied ({result.Bytes / 1048576.0:0.0} MiB), {result.Skipped} already there, {result.Failed} failed";
}
