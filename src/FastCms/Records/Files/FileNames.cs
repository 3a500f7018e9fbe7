using System.Security.Cryptography;
using System.Text;
using FastCms.Storage;

namespace FastCms.Records.Files;

/// <summary>
/// Stored file names: the client's name reduced to a safe alphabet, plus a random suffix so that two uploads never
/// collide and a name cannot be guessed from the original (<c>My Photo (1).PNG</c> → <c>my_photo_1_k3f9x0q2ab.png</c>).
/// </summary>
internal static class FileNames
{
    public const int MaxLength = 150;

    private const int MaxBaseLength = 100;
    private const int SuffixLength = 10;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new stored name for an upload called <paramref name="original"/> whose content is <paramref name="contentType"/>.</summary>
    public static string Create(string? original, string contentType)
    {
        var name = Path.GetFileName((original ?? "").Replace('\\', '/'));
        var dot = name.LastIndexOf('.');
        var stem = Clean(dot > 0 ? name[..dot] : name, MaxBaseLength);
        var extension = Clean(dot > 0 ? name[(dot + 1)..] : "", 10).Replace("_", "", StringComparison.Ordinal);
        if (extension.Length == 0 || !ContentSniffer.ExtensionFits(extension, contentType))
        {
            extension = ContentSniffer.ExtensionOf(contentType);
        }

        var suffix = RandomNumberGenerator.GetString(Alphabet, SuffixLength);
        return $"{(stem.Length == 0 ? "file" : stem)}_{suffix}{(extension.Length == 0 ? "" : "." + extension)}";
    }

    /// <summary>True for a name this server could have generated: one storage key segment, not a reserved folder name.</summary>
    public static bool IsStoredName(string name) =>
        name.Length <= MaxLength && name != ThumbFolder && StorageKeys.IsValid(name) && !name.Contains('/') && name[0] != '.';

    /// <summary>The folder under a record's prefix where its thumbnails are kept.</summary>
    public const string ThumbFolder = "thumbs";

    public static string Key(string collectionId, string recordId, string name) => $"{collectionId}/{recordId}/{name}";

    public static string RecordPrefix(string collectionId, string recordId) => $"{collectionId}/{recordId}/";

    /// <summary>Every thumbnail of a file lives under this prefix, so removing the file removes them all.</summary>
    public static string ThumbPrefix(string collectionId, string recordId, string name) => $"{collectionId}/{recordId}/{ThumbFolder}/{name}/";

    private static string Clean(string text, int max)
    {
        var builder = new StringBuilder(Math.Min(text.Length, max));
        foreach (var c in text.Normalize(NormalizationForm.FormKD).ToLowerInvariant())
        {
            if (builder.Length == max)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if ((char.IsWhiteSpace(c) || c is '_' or '-' or '.' or '(' or ')') && builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }

        return builder.ToString().Trim('_');
    }
}
