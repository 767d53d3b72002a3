using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Tests.Security;

public sealed class JwtAuthenticationTests : IAsyncLifetime
{
    private readonly string _key = TestKeys.New();
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Security:Jwt:SigningKey"] = _key,
            ["Security:Jwt:Issuer"] = "sq-issuer",
            ["Security:Jwt:Audience"] = "sq-audience",
        });
        builder.AddJwtAuthentication();
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapGet("/whoami", Describe).RequireAuthorization();
        _app.MapGet("/hubs/queues", Describe).RequireAuthorization();
        _app.MapGet("/branches", DescribeBranches).RequireAuthorization();
        _app.MapGet("/admin", Describe).RequireAuthorization(ServiceQueuePolicies.Admin);
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task An_issued_token_is_accepted_with_its_name_role_queues_and_desk()
    {
        var token = Issue(Options("sq-issuer", "sq-audience"), TimeProvider.System, "Attendant");

        var response = await GetAsync("/whoami", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ana|Attendant|GEN,PRI|D3|user-1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_role_claim_drives_role_policies()
    {
        var options = Options("sq-issuer", "sq-audience");

        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync("/admin", Issue(options, TimeProvider.System, "Supervisor"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/admin", Issue(options, TimeProvider.System, "Admin"))).StatusCode);
    }

    [Fact]
    public async Task Roles_held_per_branch_survive_the_round_trip_through_a_signed_token()
    {
        var request = new AccessTokenRequest("user-2", "rui", "Supervisor", ["MAIN.GEN", "NORTH.GEN"], null)
        {
            Branches = [new("MAIN", "Attendant"), new("NORTH", "Supervisor")],
        };
        var token = new AccessTokenIssuer(Microsoft.Extensions.Options.Options.Create(Options("sq-issuer", "sq-audience")), TimeProvider.System)
            .Issue(request, TimeSpan.FromMinutes(15)).Token;

        var response = await GetAsync("/branches", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("MAIN=Attendant,NORTH=Supervisor,SOUTH=|serves NORTH.GEN:True SOUTH.GEN:False", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var anHourAgo = new ManualTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));
        var token = Issue(Options("sq-issuer", "sq-audience"), anHourAgo, "Admin");

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/whoami", token)).StatusCode);
    }

    [Fact]
    public async Task A_token_for_another_issuer_audience_or_key_is_refused()
    {
        var wrongIssuer = Issue(Options("someone-else", "sq-audience"), TimeProvider.System, "Admin");
        var wrongAudience = Issue(Options("sq-issuer", "another-app"), TimeProvider.System, "Admin");
        var wrongKey = Issue(Options("sq-issuer", "sq-audience", TestKeys.New()), TimeProvider.System, "Admin");

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/whoami", wrongIssuer)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/whoami", wrongAudience)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/whoami", wrongKey)).StatusCode);
    }

    [Fact]
    public async Task A_token_whose_payload_was_edited_is_refused()
    {
        var token = Issue(Options("sq-issuer", "sq-audience"), TimeProvider.System, "Attendant");
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"Attendant\"", "\"Admin\"", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/admin", tampered)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/whoami", tampered)).StatusCode);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = Base64UrlEncoder.Encode(
            $$"""{"sub":"x","name":"mallory","role":"Admin","iss":"sq-issuer","aud":"sq-audience","nbf":{{now - 10}},"exp":{{now + 600}}}""");

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/admin", $"{header}.{payload}.")).StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_the_right_key_but_another_algorithm_is_refused()
    {
        // Signed by hand: IdentityModel itself refuses HS512 with a 256-bit key, but an attacker would not.
        var header = Base64UrlEncoder.Encode("""{"alg":"HS512","typ":"JWT"}""");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = Base64UrlEncoder.Encode(
            $$"""{"sub":"x","name":"mallory","role":"Admin","iss":"sq-issuer","aud":"sq-audience","nbf":{{now - 10}},"exp":{{now + 600}}}""");
        var signature = HMACSHA512.HashData(Convert.FromBase64String(_key), Encoding.ASCII.GetBytes($"{header}.{payload}"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/admin", $"{header}.{payload}.{Base64UrlEncoder.Encode(signature)}")).StatusCode);
    }

    [Fact]
    public async Task The_access_token_query_string_is_accepted_on_hub_paths_only()
    {
        var token = Issue(Options("sq-issuer", "sq-audience"), TimeProvider.System, "Attendant");

        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/hubs/queues?access_token={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync($"/whoami?access_token={token}")).StatusCode);
    }

    private JwtOptions Options(string issuer, string audience, string? key = null) =>
        new() { SigningKey = key ?? _key, Issuer = issuer, Audience = audience };

    private static string Issue(JwtOptions options, TimeProvider clock, string role) =>
        new AccessTokenIssuer(Microsoft.Extensions.Options.Options.Create(options), clock)
            .Issue(new AccessTokenRequest("user-1", "ana", role, ["GEN", "PRI"], "D3"), TimeSpan.FromMinutes(15))
            .Token;

    private async Task<HttpResponseMessage> GetAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _client.SendAsync(request);
    }

    private static string Describe(ClaimsPrincipal user) => string.Join('|',
        user.Identity!.Name,
        user.FindFirstValue(ServiceQueueClaims.Role),
        string.Join(',', user.FindAll(ServiceQueueClaims.Queues).Select(c => c.Value)),
        user.FindFirstValue(ServiceQueueClaims.Desk),
        user.FindFirstValue(ServiceQueueClaims.Subject));

    private static string DescribeBranches(ClaimsPrincipal user)
    {
        var access = new BranchAccess(user, "MAIN");
        return string.Join(',', new[] { "MAIN", "NORTH", "SOUTH" }.Select(b => $"{b}={access.RoleIn(b)}"))
            + $"|serves NORTH.GEN:{access.Serves(new("NORTH", "GEN"))} SOUTH.GEN:{access.Serves(new("SOUTH", "GEN"))}";
    }
}
