namespace ServiceQueue.Consumer.Model;

/// <summary>Why a request cannot become a ticket. The detail is for operators and never holds personal data.</summary>
internal sealed record Rejection(string Reason, string Detail);
