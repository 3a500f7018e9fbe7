using FastCms.Storage;
using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Storage;

/// <summary>The disk backend in a fresh folder per test.</summary>
public sealed class LocalFileStorageTests : FileStorageContractTests, IDisposable
{
    private readonly string _root = TestPaths.NewRoot();

    public void Dispose() => TestPaths.TryDelete(_root);

    private protected override Task<IFileStorage> CreateStorageAsync() =>
        Task.FromResult<IFileStorage>(new LocalFileStorage(Path.Combine(_root, "storage", Guid.NewGuid().ToString("N")[..8])));
}
