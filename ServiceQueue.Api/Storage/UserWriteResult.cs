namespace ServiceQueue.Api.Storage;

internal enum UserWriteResult
{
    Done,
    NotFound,
    DuplicateUserName,
    DuplicateEmail,
}
