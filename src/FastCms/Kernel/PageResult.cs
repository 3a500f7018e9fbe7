namespace FastCms.Kernel;

/// <summary>One page of a list answer, with the total when it was counted.</summary>
internal sealed record PageResult<T>(IReadOnlyList<T> Items, long Total, int Page, int PerPage, long TotalPages);

internal static class Paging
{
    /// <summary>The largest page any list endpoint serves.</summary>
    public const int MaxPerPage = 500;
}
