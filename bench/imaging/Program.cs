using System.Diagnostics;
using ImageMagick;
using SkiaSharp;

// Compares the three imaging libraries on the work thumbnails do: decode a JPEG, scale it to fit 300x300 and
// encode a JPEG. `imaging make FILE` writes the source photo once; `imaging skia|vips|magick FILE [rounds]` runs one
// library per process, so each peak RSS is that library's own. Prints mean milliseconds per thumbnail and peak RSS.
var library = args[0];
if (library == "make")
{
    File.WriteAllBytes(args[1], MakeSource(3000, 2000));
    return 0;
}

var source = File.ReadAllBytes(args[1]);
var rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20;
Func<byte[], byte[]> thumb = library switch
{
    "skia" => SkiaThumb,
    "vips" => VipsThumb,
    "magick" => MagickThumb,
    _ => throw new ArgumentException($"Unknown library '{library}': use skia, vips or magick."),
};

thumb(source);
var clock = Stopwatch.StartNew();
var size = 0;
for (var i = 0; i < rounds; i++)
{
    size = thumb(source).Length;
}

var mean = clock.Elapsed.TotalMilliseconds / rounds;
using var self = Process.GetCurrentProcess();
Console.WriteLine($"{library,-7} source 3000x2000 JPEG ({source.Length / 1024} KiB) -> 300x200 JPEG ({size / 1024} KiB): {mean,7:F1} ms/thumbnail, peak RSS {self.PeakWorkingSet64 / 1048576.0,6:F1} MiB");
return 0;

// A photo-like source: gradients plus noise, so the encoder cannot shortcut it.
static byte[] MakeSource(int width, int height)
{
    using var bitmap = new SKBitmap(width, height);
    var random = new Random(7);
    for (var y = 0; y < height; y++)
    {
        for (var x = 0; x < width; x++)
        {
            var noise = random.Next(32);
            bitmap.SetPixel(x, y, new SKColor((byte)(x * 255 / width), (byte)((y * 255 / height + noise) & 0xFF), (byte)((x + y + noise) & 0xFF)));
        }
    }

    using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 85);
    return data.ToArray();
}

static byte[] SkiaThumb(byte[] source)
{
    using var codec = SKCodec.Create(new SKMemoryStream(source));
    var scale = Math.Min(300f / codec.Info.Width, 300f / codec.Info.Height);
    var decodeSize = codec.GetScaledDimensions(Math.Max(scale, 0.125f));
    using var decoded = SKBitmap.Decode(codec, codec.Info.WithSize(decodeSize.Width, decodeSize.Height));
    using var resized = decoded.Resize(new SKImageInfo((int)(codec.Info.Width * scale), (int)(codec.Info.Height * scale)), new SKSamplingOptions(SKCubicResampler.Mitchell));
    using var data = resized.Encode(SKEncodedImageFormat.Jpeg, 85);
    return data.ToArray();
}

static byte[] VipsThumb(byte[] source)
{
    using var image = NetVips.Image.ThumbnailBuffer(source, 300, height: 300);
    return image.JpegsaveBuffer(q: 85);
}

static byte[] MagickThumb(byte[] source)
{
    using var image = new MagickImage(source);
    image.Thumbnail(new MagickGeometry(300, 300));
    image.Quality = 85;
    return image.ToByteArray(MagickFormat.Jpeg);
}
