using System.Net;

namespace ServiceQueue.Tests.Dashboard;

/// <summary>Only the login link printed at start opens the dashboard.</summary>
public sealed class DashboardAuthenticationTests
{
    [Fact]
    public async Task Without_the_session_cookie_pages_redirect_to_the_notice_and_APIs_answer_401()
    {
        await using var dashboard = await StandaloneDashboard.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = dashboard.Url };

        foreach (var api in new[] { "/api/resources", "/api/logs", "/api/traces", "/api/traces/0123", "/api/metrics", "/api/console/broker" })
        {
            using var response = await http.GetAsync(api);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var stop = await http.PostAsync("/api/resources/broker/stop", null);
        Assert.Equal(HttpStatusCode.Unauthorized, stop.StatusCode);

        using var page = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/unauthorized", page.Headers.Location?.OriginalString);
        using var notice = await http.GetAsync("/unauthorized");
        Assert.Contains("login link", await notice.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var wrongToken = await http.GetAsync("/login?t=" + new string('0', dashboard.Token.Value.Length));
        Assert.Equal("/unauthorized", wrongToken.Headers.Location?.OriginalString);
        Assert.False(wrongToken.Headers.Contains("Set-Cookie"));

        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/resources");
        forged.Headers.Add("Cookie", "servicequeue-dashboard=guess");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(forged)).StatusCode);
    }

    [Fact]
    public async Task The_login_link_sets_an_HttpOnly_SameSite_Strict_cookie_that_opens_pages_and_APIs()
    {
        await using var dashboard = await StandaloneDashboard.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = dashboard.Url };

        Assert.StartsWith("http://localhost:", dashboard.LoginUrl.ToString(), StringComparison.Ordinal);
        using var login = await http.GetAsync(dashboard.LoginUrl);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        using var api = new HttpRequestMessage(HttpMethod.Get, "/api/resources");
        api.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var resources = await http.SendAsync(api);
        Assert.Equal(HttpStatusCode.OK, resources.StatusCode);
        Assert.Equal("[]", await resources.Content.ReadAsStringAsync());

        foreach (var (path, type) in new[] { ("/", "text/html"), ("/assets/app.js", "text/javascript"), ("/assets/app.css", "text/css") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", cookie.Split(';')[0]);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        }
    }
}
