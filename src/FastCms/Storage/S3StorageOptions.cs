namespace FastCms.Storage;

/// <summary>
/// Settings of the S3-compatible backend (section <c>FastCms:Storage:S3</c>): Amazon S3 itself, MinIO, Cloudflare R2,
/// Backblaze B2, Wasabi, Garage or any store that speaks the S3 protocol.
/// </summary>
internal sealed class S3StorageOptions
{
    public const string Section = "FastCms:Storage:S3";

    /// <summary>The service address, e.g. <c>https://s3.eu-central-1.amazonaws.com</c> or <c>http://minio:9000</c>; empty uses AWS for <see cref="Region"/>.</summary>
    public string Endpoint { get; set; } = "";

    public string Bucket { get; set; } = "";

    public string Region { get; set; } = "us-east-1";

    /// <summary>Access key id; with <see cref="SecretKey"/> empty too, the AWS SDK's default credential chain decides (environment, profile, instance role).</summary>
    public string AccessKey { get; set; } = "";

    public string SecretKey { get; set; } = "";

    /// <summary>Addresses objects as <c>{endpoint}/{bucket}/{key}</c> instead of <c>{bucket}.{endpoint}/{key}</c>; most self-hosted stores need it.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>A folder inside the bucket for FastCMS's objects, such as <c>cms/</c>; empty stores them at the bucket's root.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>The first problem with these settings, naming the setting, or <c>null</c> when they can be used.</summary>
    public string? Problem() => this switch
    {
        { Bucket: "" } => $"{Section}:Bucket is required when {StorageSettingNames.Provider} is 's3'.",
        { Endpoint: not "" } when !Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") =>
            $"{Section}:Endpoint must be an absolute http:// or https:// address, not '{Endpoint}'.",
        { AccessKey: "", SecretKey: not "" } or { AccessKey: not "", SecretKey: "" } =>
            $"Set both {Section}:AccessKey and {Section}:SecretKey, or neither (to use the AWS default credentials).",
        { Prefix: var prefix } when prefix.StartsWith('/') || prefix.Contains("..", StringComparison.Ordinal) || prefix.Contains('\\') =>
            $"{Section}:Prefix must be a relative folder such as 'cms/', not '{Prefix}'.",
        _ => null,
    };
}
