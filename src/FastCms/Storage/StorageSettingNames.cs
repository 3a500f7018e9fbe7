namespace FastCms.Storage;

/// <summary>Names of the storage settings, for messages that tell an operator which one to fix.</summary>
internal static class StorageSettingNames
{
    public const string Provider = "FastCms:Storage:Provider";
}
