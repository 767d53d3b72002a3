using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceQueue.AppHost.Dashboard;

namespace ServiceQueue.Tests.Dashboard;

/// <summary>An HTTP client of the dashboard that signed in through the login link, as a developer's browser would.</summary>
internal sealed class DashboardClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;

    private DashboardClient(HttpClient http) => _http = http;

    public static async Task<DashboardClient> SignInAsync(DashboardHost dashboard)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = dashboard.Url,
        };
        using var login = await http.GetAsync(dashboard.LoginUrl);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return new DashboardClient(http);
    }

    public async Task<T> GetAsync<T>(string path) =>
        await _http.GetFromJsonAsync<T>(path, Json) ?? throw new InvalidOperationException($"{path} answered null");

    /// <summary>The resource at <paramref name="path"/>, or null while it answers 404.</summary>
    public async Task<T?> TryGetAsync<T>(string path)
        where T : class
    {
        using var response = await _http.GetAsync(path);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(Json);
    }

    public Task<HttpResponseMessage> PostAsync(string path) => _http.PostAsync(path, content: null);

    /// <summary>Polls <paramref name="path"/> until <paramref name="done"/> holds; telemetry arrives in batches.</summary>
    public async Task<T> WaitForAsync<T>(string path, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await GetAsync<T>(path);
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{path} did not reach the expected state: {JsonSerializer.Serialize(value, Json)}");
            }

            await Task.Delay(200);
        }
    }

    public void Dispose() => _http.Dispose();
}
