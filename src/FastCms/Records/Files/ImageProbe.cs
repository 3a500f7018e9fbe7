using SkiaSharp;

namespace FastCms.Records.Files;

/// <summary>Reads an image's dimensions from its header only, without decoding pixels.</summary>
internal static class ImageProbe
{
    /// <summary>Headers (with EXIF) sit in the first bytes; this much is enough for any common image.</summary>
    public const int HeaderBytes = 256 * 1024;

    public static (int Width, int Height)? Dimensions(ReadOnlySpan<byte> header)
    {
        using var data = SKData.CreateCopy(header);
        using var codec = SKCodec.Create(data);
        return codec is null || codec.Info.Width <= 0 ? null : (codec.Info.Width, codec.Info.Height);
    }
}
