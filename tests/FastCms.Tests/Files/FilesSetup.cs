using FastCms.Tests.Infrastructure;

namespace FastCms.Tests.Files;

/// <summary>The file tests' server: the default (local) storage backend. Other backends add a setup with their settings.</summary>
public sealed class FilesSetup : IServerSetup;
