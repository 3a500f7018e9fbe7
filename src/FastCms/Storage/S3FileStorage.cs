using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace FastCms.Storage;

/// <summary>
/// Files in a bucket of an S3-compatible object store, so that several server instances share them. Keys are stored
/// below <see cref="S3StorageOptions.Prefix"/>.
/// </summary>
internal sealed class S3FileStorage(IAmazonS3 client, S3StorageOptions options) : IFileStorage, IDisposable
{
    private readonly string _prefix = options.Prefix.Length == 0 || options.Prefix.EndsWith('/') ? options.Prefix : options.Prefix + "/";

    public string Name => "s3";

    public static S3FileStorage Create(S3StorageOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,

            // The SDK's default adds CRC checksums in trailing headers, which many S3-compatible stores reject; the
            // checksums S3 itself requires (e.g. for multi-object deletes) are still sent.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.Endpoint.Length > 0)
        {
            config.ServiceURL = options.Endpoint;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }

        var client = options.AccessKey.Length > 0
            ? new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config)
            : new AmazonS3Client(config);
        return new S3FileStorage(client, options);
    }

    public async Task WriteAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        // A PUT needs the length up front; a stream that cannot tell it is spooled to a temporary file first.
        await using var spooled = content.CanSeek ? null : await SpoolAsync(content, cancellationToken);
        var body = spooled ?? content;
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = options.Bucket,
            Key = _prefix + StorageKeys.Require(key),
            InputStream = body,
            ContentType = contentType,
            AutoCloseStream = false,
            UseChunkEncoding = false,
        }, cancellationToken);
    }

    public async Task<StoredObject?> StatAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await client.GetObjectMetadataAsync(options.Bucket, _prefix + StorageKeys.Require(key), cancellationToken);
            return new StoredObject(key, metadata.ContentLength, ToOffset(metadata.LastModified));
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var request = new GetObjectRequest { BucketName = options.Bucket, Key = _prefix + StorageKeys.Require(key) };
        if (length == 0)
        {
            return await StatAsync(key, cancellationToken) is null ? null : new MemoryStream([], writable: false);
        }

        if (offset > 0 || length is not null)
        {
            request.ByteRange = length is { } count ? new ByteRange(offset, offset + count - 1) : new ByteRange($"bytes={offset}-");
        }

        try
        {
            // Disposing the body releases the response and its connection.
            var response = await client.GetObjectAsync(request, cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // Reading from the end of an object: nothing left, as a file stream positioned there would say.
            return new MemoryStream([], writable: false);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        client.DeleteObjectAsync(options.Bucket, _prefix + StorageKeys.Require(key), cancellationToken);

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (prefix.Length > 0 && !StorageKeys.IsValid(prefix.TrimEnd('/')))
        {
            throw new ArgumentException($"'{prefix}' is not a valid storage prefix.", nameof(prefix));
        }

        var request = new ListObjectsV2Request { BucketName = options.Bucket, Prefix = _prefix + prefix };
        ListObjectsV2Response page;
        do
        {
            page = await client.ListObjectsV2Async(request, cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                yield return new StoredObject(item.Key[_prefix.Length..], item.Size ?? 0, ToOffset(item.LastModified));
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
    }

    public void Dispose() => client.Dispose();

    private static DateTimeOffset ToOffset(DateTime? time) => time is { } value
        ? new DateTimeOffset(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime())
        : DateTimeOffset.UnixEpoch;

    private static async Task<FileStream> SpoolAsync(Stream content, CancellationToken cancellationToken)
    {
        var spool = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await content.CopyToAsync(spool, cancellationToken);
        spool.Position = 0;
        return spool;
    }
}
