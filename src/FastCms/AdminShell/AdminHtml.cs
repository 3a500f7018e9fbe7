using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace FastCms.AdminShell;

/// <summary>
/// The HTML encoder of every admin page, Razor's and the plugins' alike. It escapes what markup needs escaped (<c>&lt;</c>,
/// <c>&amp;</c>, quotes, control characters) and writes every other character as itself, so content in any language
/// reads as written in the page source and costs its UTF-8 bytes, not six to eight per character as <c>&amp;#xFC;</c>.
/// </summary>
internal static class AdminHtml
{
    public static readonly TextEncoderSettings Settings = new(UnicodeRanges.All);

    public static readonly HtmlEncoder Encoder = HtmlEncoder.Create(Settings);
}
