namespace ServiceQueue.Api.KeyRotation;

/// <summary>What one rotation did to one column.</summary>
/// <param name="Reencrypted">Values now sealed with the active key that were not before.</param>
/// <param name="AlreadyActive">Values that were sealed with the active key already.</param>
/// <param name="ChangedMeanwhile">Values rewritten by someone else between our read and our write; left as they were written.</param>
/// <param name="Unreadable">Values that failed authentication or name a key that is not configured; left untouched.</param>
/// <param name="Remaining">Values still sealed with another key after the rotation.</param>
internal sealed record ColumnRotation(string Column, long Reencrypted, long AlreadyActive, long ChangedMeanwhile, long Unreadable, long Remaining);
