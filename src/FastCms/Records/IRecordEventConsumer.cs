namespace FastCms.Records;

/// <summary>
/// An outbox consumer above Content (webhooks) that can tell from the written record whether it may take the record's
/// event; when no consumer may, the write leaves the event out of the outbox. Asked on every write to a collection the
/// consumer follows, so it must answer from cached values.
/// </summary>
internal interface IRecordEventConsumer
{
    /// <summary>
    /// Whether the event of <paramref name="type"/> carrying <paramref name="record"/> (after the write; as it was, for a
    /// delete) at <paramref name="at"/> may go to one of the consumer's targets; <c>true</c> when unsure.
    /// </summary>
    bool MayTake(string type, RecordView record, DateTimeOffset at);
}
