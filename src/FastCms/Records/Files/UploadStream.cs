namespace FastCms.Records.Files;

/// <summary>
/// The bytes of one upload as the storage backend reads them: the head already read for sniffing, then the rest of the
/// request section, counted as it passes. Past the limit the read throws, so the backend aborts its write and nothing
/// larger than the limit is ever buffered or stored.
/// </summary>
internal sealed class UploadStream(byte[] head, int headLength, Stream rest, long limit, Func<Exception> tooLarge) : Stream
{
    private int _headOffset;

    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        if (_headOffset < headLength)
        {
            read = Math.Min(buffer.Length, headLength - _headOffset);
            head.AsMemory(_headOffset, read).CopyTo(buffer);
            _headOffset += read;
        }
        else
        {
            read = await rest.ReadAsync(buffer, cancellationToken);
        }

        BytesRead += read;
        return BytesRead > limit ? throw tooLarge() : read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
