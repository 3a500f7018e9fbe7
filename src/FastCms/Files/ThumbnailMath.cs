using FastCms.Collections;
using SkiaSharp;

namespace FastCms.Files;

/// <summary>Decodes, crops and scales one image to a <see cref="ThumbSize"/>.</summary>
internal static class ThumbnailMath
{
    public static byte[]? Render(SKCodec codec, ThumbSize size, SKEncodedImageFormat format)
    {
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var (targetWidth, targetHeight) = Target(width, height, size);

        // JPEG decodes at 1/2, 1/4 or 1/8 scale for nearly free; decode no larger than needed.
        var needed = Math.Max((float)targetWidth / width, (float)targetHeight / height);
        var decodeSize = codec.GetScaledDimensions(Math.Clamp(needed, 0.125f, 1f));
        if (decodeSize.Width < targetWidth || decodeSize.Height < targetHeight)
        {
            decodeSize = new SKSizeI(width, height);
        }

        using var decoded = new SKBitmap(new SKImageInfo(decodeSize.Width, decodeSize.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var status = codec.GetPixels(decoded.Info, decoded.GetPixels());
        if (status is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            return null;
        }

        using var surface = SKSurface.Create(new SKImageInfo(targetWidth, targetHeight, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        using var image = SKImage.FromBitmap(decoded);
        canvas.DrawImage(image, SourceRect(decoded.Width, decoded.Height, targetWidth, targetHeight, size.Mode), new SKRect(0, 0, targetWidth, targetHeight),
            new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var snapshot = surface.Snapshot();
        using var encoded = snapshot.Encode(format, 85);
        return encoded?.ToArray();
    }

    /// <summary>The thumbnail's pixel size: <c>0</c> sides follow the aspect ratio; fit shrinks to inside the box.</summary>
    public static (int Width, int Height) Target(int width, int height, ThumbSize size)
    {
        if (size.Width == 0)
        {
            return (Math.Max(1, (int)Math.Round((double)width * size.Height / height)), size.Height);
        }

        if (size.Height == 0)
        {
            return (size.Width, Math.Max(1, (int)Math.Round((double)height * size.Width / width)));
        }

        if (size.Mode != ThumbMode.Fit)
        {
            return (size.Width, size.Height);
        }

        var scale = Math.Min((double)size.Width / width, (double)size.Height / height);
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    // The part of the source that fills the target box at its aspect ratio: centred, or at the top or bottom.
    private static SKRect SourceRect(int width, int height, int targetWidth, int targetHeight, ThumbMode mode)
    {
        var targetRatio = (double)targetWidth / targetHeight;
        var ratio = (double)width / height;
        if (mode == ThumbMode.Fit || Math.Abs(ratio - targetRatio) < 0.001)
        {
            return new SKRect(0, 0, width, height);
        }

        if (ratio > targetRatio)
        {
            var cropWidth = (float)(height * targetRatio);
            var left = (width - cropWidth) / 2;
            return new SKRect(left, 0, left + cropWidth, height);
        }

        var cropHeight = (float)(width / targetRatio);
        var top = mode switch { ThumbMode.Top => 0f, ThumbMode.Bottom => height - cropHeight, _ => (height - cropHeight) / 2 };
        return new SKRect(0, top, width, top + cropHeight);
    }
}
