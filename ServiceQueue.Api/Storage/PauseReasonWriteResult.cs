namespace ServiceQueue.Api.Storage;

internal enum PauseReasonWriteResult
{
    Done,
    NotFound,
    DuplicateCode,
}
