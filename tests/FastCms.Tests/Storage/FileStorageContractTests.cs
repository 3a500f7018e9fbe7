using System.Text;
using FastCms.Storage;

namespace FastCms.Tests.Storage;

/// <summary>What every storage backend promises, run against each one.</summary>
public abstract class FileStorageContractTests
{
    private protected abstract Task<IFileStorage> CreateStorageAsync();

    [Fact]
    public async Task WriteAsync_ThenOpenRead_ReturnsTheSameBytes()
    {
        var storage = await CreateStorageAsync();
        var bytes = RandomBytes(300_000);

        await storage.WriteAsync("c1/r1/photo.jpg", new MemoryStream(bytes), "image/jpeg", TestContext.Current.CancellationToken);

        Assert.Equal(bytes, await ReadAllAsync(storage, "c1/r1/photo.jpg", 0, null));
    }

    [Fact]
    public async Task WriteAsync_StreamThatCannotSeek_StoresEverything()
    {
        var storage = await CreateStorageAsync();
        var bytes = RandomBytes(100_000);

        await storage.WriteAsync("c1/r1/a.bin", new ForwardOnlyStream(bytes), "application/octet-stream", TestContext.Current.CancellationToken);

        Assert.Equal(bytes, await ReadAllAsync(storage, "c1/r1/a.bin", 0, null));
    }

    [Fact]
    public async Task WriteAsync_ExistingKey_ReplacesTheObject()
    {
        var storage = await CreateStorageAsync();
        await storage.WriteAsync("c1/r1/a.txt", Text("first version"), "text/plain", TestContext.Current.CancellationToken);

        await storage.WriteAsync("c1/r1/a.txt", Text("second"), "text/plain", TestContext.Current.CancellationToken);

        Assert.Equal("second", Encoding.UTF8.GetString(await ReadAllAsync(storage, "c1/r1/a.txt", 0, null)));
        Assert.Equal(6, (await storage.StatAsync("c1/r1/a.txt", TestContext.Current.CancellationToken))!.Length);
    }

    [Theory]
    [InlineData(0, 10L)]
    [InlineData(5, 3L)]
    [InlineData(7, null)]
    [InlineData(9, 1L)]
    public async Task OpenReadAsync_Range_ReturnsExactlyThatSlice(long offset, long? length)
    {
        var storage = await CreateStorageAsync();
        await storage.WriteAsync("c1/r1/digits.txt", Text("0123456789"), "text/plain", TestContext.Current.CancellationToken);

        var slice = Encoding.UTF8.GetString(await ReadAllAsync(storage, "c1/r1/digits.txt", offset, length));

        Assert.Equal("0123456789".Substring((int)offset, (int)(length ?? 10 - offset)), slice);
    }

    [Fact]
    public async Task OpenReadAsync_ZeroLengthOrFromTheEnd_ReturnsNothing()
    {
        var storage = await CreateStorageAsync();
        await storage.WriteAsync("c1/r1/digits.txt", Text("0123456789"), "text/plain", TestContext.Current.CancellationToken);

        Assert.Empty(await ReadAllAsync(storage, "c1/r1/digits.txt", 3, 0));
        Assert.Empty(await ReadAllAsync(storage, "c1/r1/digits.txt", 10, null));
    }

    [Fact]
    public async Task OpenAndStat_MissingKey_ReturnNull()
    {
        var storage = await CreateStorageAsync();

        Assert.Null(await storage.StatAsync("c1/r1/none.png", TestContext.Current.CancellationToken));
        Assert.Null(await storage.OpenReadAsync("c1/r1/none.png", 0, null, TestContext.Current.CancellationToken));
        Assert.Null(await storage.OpenReadAsync("c1/r1/none.png", 0, 0, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task StatAsync_AfterWrite_TellsLengthAndARecentTime()
    {
        var storage = await CreateStorageAsync();
        var before = DateTimeOffset.UtcNow.AddMinutes(-2);

        await storage.WriteAsync("c1/r1/a.bin", new MemoryStream(RandomBytes(1234)), "application/octet-stream", TestContext.Current.CancellationToken);
        var stat = await storage.StatAsync("c1/r1/a.bin", TestContext.Current.CancellationToken);

        Assert.NotNull(stat);
        Assert.Equal(1234, stat.Length);
        Assert.Equal("c1/r1/a.bin", stat.Key);
        Assert.InRange(stat.LastModified, before, DateTimeOffset.UtcNow.AddMinutes(2));
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheObject_AndAMissingOneIsNoError()
    {
        var storage = await CreateStorageAsync();
        await storage.WriteAsync("c1/r1/a.txt", Text("x"), "text/plain", TestContext.Current.CancellationToken);

        await storage.DeleteAsync("c1/r1/a.txt", TestContext.Current.CancellationToken);
        await storage.DeleteAsync("c1/r1/a.txt", TestContext.Current.CancellationToken);

        Assert.Null(await storage.StatAsync("c1/r1/a.txt", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ListAsync_Prefix_ListsOnlyObjectsBelowIt()
    {
        var storage = await CreateStorageAsync();
        foreach (var key in new[] { "c1/r1/a.txt", "c1/r1/thumbs/100x100_a.txt", "c1/r2/b.txt", "c2/r3/c.txt" })
        {
            await storage.WriteAsync(key, Text(key), "text/plain", TestContext.Current.CancellationToken);
        }

        var underRecord = await ListKeysAsync(storage, "c1/r1/");
        var all = await ListKeysAsync(storage, "");

        Assert.Equal(["c1/r1/a.txt", "c1/r1/thumbs/100x100_a.txt"], underRecord);
        Assert.Equal(["c1/r1/a.txt", "c1/r1/thumbs/100x100_a.txt", "c1/r2/b.txt", "c2/r3/c.txt"], all);
        Assert.Equal(("c1/r2/b.txt".Length), (await ToListAsync(storage.ListAsync("c1/r2/", TestContext.Current.CancellationToken))).Single().Length);
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("c1/../../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("c1//a.txt")]
    [InlineData("c1\\..\\a.txt")]
    [InlineData("c1/./a.txt")]
    [InlineData("")]
    public async Task EveryOperation_KeyThatCouldEscapeTheRoot_IsRefused(string key)
    {
        var storage = await CreateStorageAsync();
        var token = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<ArgumentException>(() => storage.WriteAsync(key, Text("x"), "text/plain", token));
        await Assert.ThrowsAsync<ArgumentException>(() => storage.StatAsync(key, token));
        await Assert.ThrowsAsync<ArgumentException>(() => storage.OpenReadAsync(key, 0, null, token));
        await Assert.ThrowsAsync<ArgumentException>(() => storage.DeleteAsync(key, token));
    }

    private protected static MemoryStream Text(string value) => new(Encoding.UTF8.GetBytes(value));

    private protected static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private protected static async Task<List<string>> ListKeysAsync(IFileStorage storage, string prefix) =>
        [.. (await ToListAsync(storage.ListAsync(prefix, TestContext.Current.CancellationToken))).Select(o => o.Key).Order(StringComparer.Ordinal)];

    private static async Task<List<StoredObject>> ToListAsync(IAsyncEnumerable<StoredObject> objects)
    {
        var list = new List<StoredObject>();
        await foreach (var item in objects)
        {
            list.Add(item);
        }

        return list;
    }

    private static async Task<byte[]> ReadAllAsync(IFileStorage storage, string key, long offset, long? length)
    {
        await using var stream = await storage.OpenReadAsync(key, offset, length, TestContext.Current.CancellationToken);
        Assert.NotNull(stream);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy, TestContext.Current.CancellationToken);
        return copy.ToArray();
    }

    /// <summary>A request body as the server sees it: readable once, front to back, length unknown.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 4096));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
