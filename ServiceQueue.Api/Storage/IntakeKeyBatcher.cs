using System.Collections.Concurrent;

namespace ServiceQueue.Api.Storage;

/// <summary>
/// Group commit for <see cref="IntakeKeyStore"/>: callers queue items, and up to <c>maxWriters</c> writers
/// each take everything queued so far into one statement, then the next lot, until none is left. Alone a
/// request waits for nothing; under load many share one MySQL round trip and one log flush instead of one
/// each, and several writers in flight keep a lot from waiting out the round trip of the one before.
/// </summary>
internal sealed class IntakeKeyBatcher<TItem, TResult>(Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> write, int maxBatch, int maxWriters)
{
    private readonly ConcurrentQueue<(TItem Item, TaskCompletionSource<TResult> Done)> _queued = new();
    private int _writers;

    public Task<TResult> AddAsync(TItem item, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queued.Enqueue((item, done));
        if (TryEnlistWriter())
        {
            // The write runs off the caller's thread: the caller only waits for its own item, abandonably.
            _ = Task.Run(WriteAllAsync, CancellationToken.None);
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteAllAsync()
    {
        while (true)
        {
            var batch = new List<(TItem Item, TaskCompletionSource<TResult> Done)>();
            while (batch.Count < maxBatch && _queued.TryDequeue(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count > 0)
            {
                await WriteAsync(batch);
                continue;
            }

            Interlocked.Decrement(ref _writers);
            // An item queued after the last look, while every writer was still counted, would wait for nobody: look again.
            if (_queued.IsEmpty || !TryEnlistWriter())
            {
                return;
            }
        }
    }

    private bool TryEnlistWriter()
    {
        var writers = Volatile.Read(ref _writers);
        while (writers < maxWriters)
        {
            var seen = Interlocked.CompareExchange(ref _writers, writers + 1, writers);
            if (seen == writers)
            {
                return true;
            }

            writers = seen;
        }

        return false;
    }

    private async Task WriteAsync(List<(TItem Item, TaskCompletionSource<TResult> Done)> batch)
    {
        try
        {
            var results = await write([.. batch.Select(b => b.Item)], CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
            }
        }
        catch (Exception error)
        {
            foreach (var (_, done) in batch)
            {
                done.TrySetException(error);
            }
        }
    }
}
