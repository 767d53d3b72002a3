using System.Text.Json;
using System.Text.Json.Serialization;
using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Extensions;

/// <summary>Source-generated JSON for the Api's bodies: no reflection on the request path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(LogoutRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(UserResponse))]
[JsonSerializable(typeof(UserResponse[]))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(UpdateUserRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(Page<HistoryEntryResponse>))]
[JsonSerializable(typeof(Page<AuditEntryResponse>))]
[JsonSerializable(typeof(Page<AlertResponse>))]
[JsonSerializable(typeof(AlertResponse))]
[JsonSerializable(typeof(QueueStatsResponse))]
[JsonSerializable(typeof(QueueSeriesResponse))]
[JsonSerializable(typeof(WaitDistributionResponse))]
[JsonSerializable(typeof(BranchComparisonResponse))]
[JsonSerializable(typeof(BranchRequest))]
[JsonSerializable(typeof(BranchResponse))]
[JsonSerializable(typeof(BranchResponse[]))]
[JsonSerializable(typeof(PauseReasonRequest))]
[JsonSerializable(typeof(PauseReasonResponse))]
[JsonSerializable(typeof(PauseReasonResponse[]))]
[JsonSerializable(typeof(PresenceStatsResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
