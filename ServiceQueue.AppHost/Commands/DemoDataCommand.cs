using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace ServiceQueue.AppHost.Commands;

/// <summary>
/// A dashboard command on the Api: creates the demo queues and an attendant through the Api's own REST
/// routes, signed in as the bootstrap admin, so what it makes is validated, audited and encrypted like
/// anything an operator creates by hand. Running it again changes nothing (existing ones are kept).
/// </summary>
internal static class DemoDataCommand
{
    public const string Name = "create-demo-data";
    public const string AttendantUserName = "attendant";

    /// <summary>Code, name and ticket prefix of each demo queue.</summary>
    public static readonly IReadOnlyList<(string Code, string Name, string Prefix)> Queues =
        [("GEN", "General services", "A"), ("PRI", "Priority services", "P")];

    public static IResourceBuilder<ProjectResource> WithDemoDataCommand(
        this IResourceBuilder<ProjectResource> api,
        IResourceBuilder<ParameterResource> adminPassword,
        IResourceBuilder<ParameterResource> attendantPassword) =>
        api.WithCommand(
            Name,
            "Create demo queues and an attendant",
            context => ExecuteAsync(api.Resource, adminPassword.Resource, attendantPassword.Resource, context.CancellationToken),
            new CommandOptions
            {
                Description = $"Creates the queues {string.Join(", ", Queues.Select(q => q.Code))} and the user '{AttendantUserName}' (password: the parameter '{attendantPassword.Resource.Name}'). Existing ones are left as they are.",
                IconName = "DatabasePlugConnected",
                UpdateState = state => state.ResourceSnapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                    ? ResourceCommandState.Enabled
                    : ResourceCommandState.Disabled,
            });

    private static async Task<ExecuteCommandResult> ExecuteAsync(
        ProjectResource api, ParameterResource adminPassword, ParameterResource attendantPassword, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(api.GetEndpoint("http").Url + "/api/v1/"), Timeout = TimeSpan.FromSeconds(30) };
        using var login = await http.PostAsJsonAsync(
            "auth/login", new { userName = "admin", password = await adminPassword.GetValueAsync(cancellationToken) }, cancellationToken);
        if (!login.IsSuccessStatusCode)
        {
            return CommandResults.Failure($"The Api refused the bootstrap admin's sign-in ({(int)login.StatusCode}); was its password changed?");
        }

        var token = (await login.Content.ReadFromJsonAsync<TokenBody>(cancellationToken))!.AccessToken;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var created = new List<string>();
        foreach (var (code, name, prefix) in Queues)
        {
            using var queue = await http.PostAsJsonAsync(
                "queues", new { code, name, numberPrefix = prefix, open = true, timeZone = "UTC" }, cancellationToken);
            if (await OutcomeAsync(queue, $"queue {code}", created, cancellationToken) is { } failure)
            {
                return failure;
            }
        }

        using var user = await http.PostAsJsonAsync("users", new
        {
            userName = AttendantUserName,
            password = await attendantPassword.GetValueAsync(cancellationToken),
            role = "Attendant",
            fullName = "Demo Attendant",
            defaultDesk = "1",
            queues = Queues.Select(q => q.Code).ToArray(),
        }, cancellationToken);
        if (await OutcomeAsync(user, $"user {AttendantUserName}", created, cancellationToken) is { } userFailure)
        {
            return userFailure;
        }

        return CommandResults.Success(created.Count == 0 ? "The demo data was already there." : $"Created {string.Join(", ", created)}.");
    }

    private static async Task<ExecuteCommandResult?> OutcomeAsync(HttpResponseMessage response, string what, List<string> created, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            created.Add(what);
            return null;
        }

        return response.StatusCode == HttpStatusCode.Conflict
            ? null
            : CommandResults.Failure($"The Api refused {what} ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    private sealed record TokenBody(string AccessToken);
}
