using NetArchTest.Rules;

namespace FastCms.Tests.Architecture;

public sealed class LayerTests
{
    private static readonly System.Reflection.Assembly Server = typeof(Program).Assembly;

    [Fact]
    public void ServerAreas_UseOnlyAreasBelowThem()
    {
        var wrongWay = new List<string>();
        for (var i = 0; i < ServerLayers.BottomUp.Length; i++)
        {
            var area = ServerLayers.BottomUp[i];
            foreach (var above in ServerLayers.BottomUp[(i + 1)..])
            {
                foreach (var type in TypesUsing(area, above))
                {
                    wrongWay.Add($"{area} -> {above}: {type}");
                }
            }
        }

        Assert.True(wrongWay.Count == 0, "Types that use an area above their own:\n" + string.Join("\n", wrongWay));
    }

    [Fact]
    public void ServerAreas_HaveNoCycle()
    {
        var uses = ServerLayers.BottomUp.ToDictionary(
            area => area,
            area => ServerLayers.BottomUp.Where(other => other != area && TypesUsing(area, other).Count > 0).ToList());

        var cycle = FindCycle(uses);

        Assert.True(cycle is null, "Areas that use each other: " + string.Join(" -> ", cycle ?? []));
    }

    [Fact]
    public void EveryServerNamespace_BelongsToAnArea()
    {
        var unplaced = Server.GetTypes()
            .Select(type => type.Namespace)
            .Where(ns => ns?.StartsWith("FastCms", StringComparison.Ordinal) == true)
            .Where(ns => !ServerLayers.BottomUp.Any(area => area.Contains(ns)))
            .Distinct()
            .ToList();

        Assert.True(unplaced.Count == 0, "Namespaces in no area of ServerLayers: " + string.Join(", ", unplaced));
    }

    [Fact]
    public void DependencyScan_KnownUse_IsSeen()
    {
        // Guards the two tests above against passing because the scan sees nothing.
        var content = ServerLayers.BottomUp.Single(area => area.Name == "Content");
        var data = ServerLayers.BottomUp.Single(area => area.Name == "Data");

        Assert.NotEmpty(TypesUsing(content, data));
    }

    private static List<string> TypesUsing(ServerArea area, ServerArea other)
    {
        var result = Types.InAssembly(Server)
            .That().ResideInNamespaceMatching(NamespacePattern(area))
            .Should().NotHaveDependencyOnAny(TypeNames(other))
            .GetResult();
        return result.IsSuccessful ? [] : [.. result.FailingTypeNames];
    }

    // NetArchTest compares dependency names by prefix, so the namespace FastCms.Admin would also match
    // FastCms.AdminShell; the full names of the area's types match only that area.
    private static string[] TypeNames(ServerArea area) =>
        [.. Server.GetTypes().Where(type => !type.IsNested && area.Contains(type.Namespace)).Select(type => type.FullName!)];

    private static string NamespacePattern(ServerArea area) =>
        "^(" + string.Join("|", area.Namespaces.Select(n => System.Text.RegularExpressions.Regex.Escape(n) + @"(\..+)?")) + ")$";

    private static List<ServerArea>? FindCycle(Dictionary<ServerArea, List<ServerArea>> uses)
    {
        var done = new HashSet<ServerArea>();
        var path = new List<ServerArea>();

        List<ServerArea>? Visit(ServerArea area)
        {
            if (path.IndexOf(area) is var start and >= 0)
            {
                return [.. path[start..], area];
            }

            if (!done.Add(area))
            {
                return null;
            }

            path.Add(area);
            foreach (var next in uses[area])
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }

        return uses.Keys.Select(Visit).FirstOrDefault(cycle => cycle is not null);
    }
}
