using FastCms.AdminShell;

namespace FastCms.Tests.Admin;

public sealed class AdminNavTests
{
    [Theory]
    [InlineData("fa-star", "fa-solid fa-star")]
    [InlineData("fas fa-plug", "fas fa-plug")]
    [InlineData("fa-brands fa-github", "fa-brands fa-github")]
    [InlineData("fa-regular fa-bell", "fa-regular fa-bell")]
    [InlineData("", "fa-solid fa-puzzle-piece")]
    [InlineData(null, "fa-solid fa-puzzle-piece")]
    [InlineData("fa-star\" onmouseover=\"x", "fa-solid fa-puzzle-piece")]
    [InlineData("glyphicon glyphicon-star", "fa-solid fa-puzzle-piece")]
    public void IconClasses_PluginIcon_BecomesFontAwesomeClasses(string? icon, string expected) =>
        Assert.Equal(expected, AdminNav.IconClasses(icon));
}
