extern alias api;

using System.Net.Http.Headers;
using System.Net.Http.Json;
using ApiModel = api::ServiceQueue.Api.Model;

namespace ServiceQueue.Tests.Api;

/// <summary>Enrols kiosks through the Api as an Admin and sends what a kiosk page sends.</summary>
internal static class KioskTestClient
{
    public static async Task<ApiModel.KioskResponse> EnrolAsync(HttpClient admin, string[] queues, string? branch = null, string name = "Front door", string? language = null)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/kiosks", new { name, branch, queues, language });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return (await response.Content.ReadFromJsonAsync<ApiModel.KioskResponse>())!;
    }

    public static HttpClient Device(ApiFactory api, string deviceToken)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", deviceToken);
        return client;
    }

    public static HttpRequestMessage Tap(string queue, string key, string? name = null, string? phone = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/kiosk/tickets") { Content = JsonContent.Create(new { queue, name, phone }) };
        message.Headers.Add("Idempotency-Key", key);
        return message;
    }
}
