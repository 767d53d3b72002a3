namespace ServiceQueue.Api.Storage;

internal enum BranchWriteResult
{
    Done,
    DuplicateCode,
    NotFound,
}
