namespace ServiceQueue.Api.Storage;

internal enum QueueWriteResult
{
    Done,
    DuplicateCode,
    NotFound,
}
