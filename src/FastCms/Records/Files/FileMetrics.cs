using System.Diagnostics;
using System.Diagnostics.Metrics;
using FastCms.Kernel;

namespace FastCms.Records.Files;

/// <summary>The files instruments, on the host's meter so every exporter sees them.</summary>
internal static class FileMetrics
{
    private static readonly Counter<long> Uploads = FastCmsMeter.Meter.CreateCounter<long>(
        "fastcms_file_uploads_total", description: "Files uploaded and stored, per collection (counted when stored, kept or not).");

    private static readonly Counter<long> BytesStored = FastCmsMeter.Meter.CreateCounter<long>(
        "fastcms_file_stored_bytes_total", "By", "Bytes of uploaded files written to storage, per collection.");

    private static readonly Counter<long> BytesServed = FastCmsMeter.Meter.CreateCounter<long>(
        "fastcms_file_served_bytes_total", "By", "Bytes of files and thumbnails sent to clients, per collection.");

    private static readonly Counter<long> Thumbnails = FastCmsMeter.Meter.CreateCounter<long>(
        "fastcms_file_thumbnails_total", description: "Thumbnails generated (not served from the cache), per collection and result (ok, failed, too_large).");

    private static readonly Histogram<double> ThumbnailDuration = FastCmsMeter.Meter.CreateHistogram(
        "fastcms_file_thumbnail_duration_seconds", "s", "Time to generate and store one thumbnail.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FastCmsMeter.LatencyBuckets });

    public static void Uploaded(string collection, long bytes)
    {
        var tags = new TagList { { "collection", collection } };
        Uploads.Add(1, tags);
        BytesStored.Add(bytes, tags);
    }

    public static void Served(string collection, long bytes) => BytesServed.Add(bytes, new TagList { { "collection", collection } });

    public static void ThumbnailGenerated(string collection, string result, TimeSpan elapsed)
    {
        Thumbnails.Add(1, new TagList { { "collection", collection }, { "result", result } });
        ThumbnailDuration.Record(elapsed.TotalSeconds);
    }
}
