namespace ServiceQueue.Realtime.Events;

/// <summary>One hub message an outbox is about to send: the client method and its one argument.</summary>
internal readonly record struct OutboxMessage(string Method, object Payload);
