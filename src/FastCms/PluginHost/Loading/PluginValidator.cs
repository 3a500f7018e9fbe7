using System.Reflection;
using System.Text.RegularExpressions;
using FastCms.PluginHost.Lifecycle;
using FastCms.Plugins;
using Semver;

namespace FastCms.PluginHost.Loading;

/// <summary>The checks between loading a plugin's assembly and calling its <c>Register</c>.</summary>
internal static partial class PluginValidator
{
    private static readonly SemVersion HostApi = SemVersion.Parse(PluginApi.Version, SemVersionStyles.Strict);

    /// <summary>Finds the single concrete <see cref="IPlugin"/> class, or explains why there is not exactly one.</summary>
    public static Type? FindPluginType(Assembly assembly, out PluginFailure? failure) =>
        FindEntryType(assembly, typeof(IPlugin), "Add a public class with `public PluginMeta Meta` and `public void Register(IPluginContext ctx)`.", out failure);

    /// <summary>
    /// Finds the single concrete class implementing <paramref name="contract"/>, or explains why there is not exactly
    /// one: a load error when the assembly's types cannot be loaded, otherwise a failure.
    /// </summary>
    public static Type? FindEntryType(Assembly assembly, Type contract, string hint, out PluginFailure? failure)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            failure = PluginFailure.LoadError("Types of the plugin assembly could not be loaded: " +
                string.Join("; ", e.LoaderExceptions.Where(x => x is not null).Select(x => x!.Message).Distinct().Take(3)));
            return null;
        }

        var candidates = types.Where(t => t is { IsClass: true, IsAbstract: false } && contract.IsAssignableFrom(t)).ToList();
        var error = candidates.Count switch
        {
            0 => $"No class implements {contract.Name}. {hint}",
            > 1 => $"Exactly one class may implement {contract.Name}, found {candidates.Count}: {string.Join(", ", candidates.Select(t => t.FullName))}.",
            _ => candidates[0].GetConstructor(Type.EmptyTypes) is null ? $"{candidates[0].FullName} needs a public parameterless constructor." : null,
        };
        failure = error is null ? null : PluginFailure.Failed(error);
        return error is null ? candidates[0] : null;
    }

    /// <summary>Returns what is wrong with the metadata, or <c>null</c>.</summary>
    public static string? ValidateMeta(PluginMeta? meta)
    {
        if (meta is null)
        {
            return "Meta is null.";
        }

        var problems = new List<string>();
        if (ValidateId(meta.Id) is { } idProblem)
        {
            problems.Add("Meta." + idProblem);
        }

        if (string.IsNullOrWhiteSpace(meta.Name))
        {
            problems.Add("Meta.Name is required");
        }

        if (!SemVersion.TryParse(meta.Version, SemVersionStyles.Strict, out _))
        {
            problems.Add($"Meta.Version '{meta.Version}' must be a semantic version such as 1.0.0");
        }

        foreach (var dependency in meta.Dependencies)
        {
            if (!SemVersionRange.TryParseNpm(dependency.VersionRange, out _))
            {
                problems.Add($"the version range '{dependency.VersionRange}' of dependency '{dependency.Id}' is not valid");
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems) + ".";
    }

    /// <summary>Returns what is wrong with a plugin id (starting with "Id"), or <c>null</c>; also used by <c>plugin new</c>.</summary>
    public static string? ValidateId(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "Id is required";
        }

        return id.Length > 64 || !Slug().IsMatch(id)
            ? $"Id '{id}' must be a URL-safe slug (lowercase letters and digits separated by '-' or '_', at most 64 characters)"
            : null;
    }

    /// <summary>Returns why the plugin cannot run on this host's API version, or <c>null</c>.</summary>
    public static string? CheckHostApi(Assembly assembly, PluginMeta meta)
    {
        var contract = assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == typeof(IPlugin).Assembly.GetName().Name);
        var hostMajor = typeof(IPlugin).Assembly.GetName().Version?.Major;
        if (contract?.Version is { } built && hostMajor is { } host && built.Major != host)
        {
            return $"Built against plugin API {built.Major}.x, but this host provides {PluginApi.Version}.";
        }

        if (string.IsNullOrWhiteSpace(meta.HostApi))
        {
            return null;
        }

        if (!SemVersionRange.TryParseNpm(meta.HostApi, out var range))
        {
            return $"Meta.HostApi '{meta.HostApi}' is not a valid version range.";
        }

        return HostApi.Satisfies(range) ? null : $"Requires host API {meta.HostApi}, but this host provides {PluginApi.Version}.";
    }

    public static bool Satisfies(string version, string range) =>
        SemVersion.TryParse(version, SemVersionStyles.Strict, out var v) && SemVersionRange.TryParseNpm(range, out var r) && v.Satisfies(r);

    [GeneratedRegex("^[a-z0-9]+(?:[-_][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();
}
