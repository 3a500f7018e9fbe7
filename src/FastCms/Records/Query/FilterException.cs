namespace FastCms.Records.Query;

/// <summary>
/// A filter, sort or rule expression that cannot be used: a syntax error, an unknown field, a type mismatch.
/// Carries the 0-based position in the source text and what was expected there, for a 400 answer.
/// </summary>
internal sealed class FilterException(string message, int position, string? expected = null) : Exception(message)
{
    public int Position { get; } = position;

    public string? Expected { get; } = expected;
}
