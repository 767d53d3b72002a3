namespace ServiceQueue.Realtime.Model;

/// <summary>
/// What <c>WaitingPage</c> returns: the waiting tickets at positions <see cref="Offset"/> + 1 onward in
/// calling order, as of <see cref="Cursor"/>, and how many wait in all.
/// </summary>
internal sealed record WaitingPageView(string Queue, string Branch, ulong Cursor, int Offset, IReadOnlyList<WaitingTicketView> Waiting, int WaitingTotal);
