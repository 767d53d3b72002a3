namespace ServiceQueue.Realtime.Model;

/// <summary>A wait as a customer sees it: from the optimistic to the expected estimate, in whole seconds.</summary>
internal sealed record WaitRangeView(int MinSeconds, int MaxSeconds);
