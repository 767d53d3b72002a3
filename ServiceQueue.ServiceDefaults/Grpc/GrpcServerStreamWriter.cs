using Google.Protobuf;

namespace ServiceQueue.ServiceDefaults.Grpc;

internal sealed class GrpcServerStreamWriter<T>(GrpcCallContext context) : IGrpcStreamWriter<T>
    where T : class, IMessage<T>
{
    private int _writing;
    private volatile bool _completed;

    public async Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_completed)
        {
            throw new InvalidOperationException("The call has ended; no more messages can be written.");
        }

        if (Interlocked.Exchange(ref _writing, 1) == 1)
        {
            throw new InvalidOperationException("A previous write has not completed; write one message at a time.");
        }

        try
        {
            using var linked = cancellationToken.CanBeCanceled
                ? CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, cancellationToken)
                : null;
            var token = linked?.Token ?? context.CancellationToken;
            token.ThrowIfCancellationRequested();
            await context.ResponseLock.WaitAsync(token);
            try
            {
                // The deadline may have ended the call between two writes.
                if (context.ResponseCompleted)
                {
                    throw new OperationCanceledException("The call has already ended with a status.", token);
                }

                var writer = context.HttpContext.Response.BodyWriter;
                GrpcFrame.Write(writer, message);
                context.ResponseStarted = true;
                var result = await writer.FlushAsync(token);
                if (result.IsCanceled)
                {
                    throw new OperationCanceledException(token);
                }
            }
            finally
            {
                context.ResponseLock.Release();
            }
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }

    public void Complete() => _completed = true;
}
