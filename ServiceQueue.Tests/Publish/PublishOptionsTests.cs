namespace ServiceQueue.Tests.Publish;

/// <summary>The publish options an operator reaches for: servers outside the cluster, publishing again, a wrong option.</summary>
public sealed class PublishOptionsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"servicequeue-publish-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Servers_given_external_connection_strings_are_left_out_and_their_strings_kept_secret()
    {
        const string database = "Server=db.example.net;Port=3306;User ID=sq;Password=outside1;Database=servicequeuedb";
        const string redis = "cache.example.net:6380,password=outside2";
        const string rabbit = "amqp://sq:outside3@mq.example.net:5672/";
        (await Tool.PublishAsync(
            _folder,
            "--Kubernetes:ConnectionStrings:servicequeuedb", database,
            "--Kubernetes:ConnectionStrings:redis", redis,
            "--Kubernetes:ConnectionStrings:rabbitmq", rabbit)).EnsureSuccess("publish");

        var objects = KubeObject.ParseAll(await Tool.KustomizeAsync(Path.Combine(_folder, "overlays", "production")));

        Assert.DoesNotContain(objects, o => o.Kind == "StatefulSet");
        Assert.DoesNotContain(objects, o => o.Kind == "NetworkPolicy" && o.Name is "allow-mysql" or "allow-redis" or "allow-rabbitmq" or "servers-egress-dns-only");
        Assert.Equal(["api", "broker", "consumer", "realtime"], objects.Where(o => o.Kind == "Deployment").Select(o => o.Name).Order(StringComparer.Ordinal));
        var secrets = File.ReadAllLines(Path.Combine(_folder, "overlays", "production", "secrets.env")).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(database, secrets["connection-string-servicequeuedb"]);
        Assert.Equal(redis, secrets["connection-string-redis"]);
        Assert.Equal(rabbit, secrets["connection-string-rabbitmq"]);
        Assert.DoesNotContain(secrets.Keys, k => k.EndsWith("-password", StringComparison.Ordinal) && k != "bootstrap-admin-password");
        Assert.False(File.Exists(Path.Combine(_folder, "base", "mysql.yaml")));
    }

    [Fact]
    public async Task Publishing_again_keeps_the_generated_passwords_that_the_volumes_already_hold()
    {
        (await Tool.PublishAsync(_folder)).EnsureSuccess("publish");
        var secrets = Path.Combine(_folder, "overlays", "development", "secrets.env");
        var first = await File.ReadAllTextAsync(secrets);

        (await Tool.PublishAsync(_folder)).EnsureSuccess("publish again");

        Assert.Equal(first, await File.ReadAllTextAsync(secrets));
    }

    [Fact]
    public async Task A_wrong_value_fails_with_a_line_that_names_the_option()
    {
        var result = await Tool.PublishAsync(_folder, "--Kubernetes:Secrets", "sometimes");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("publish-k8s: Kubernetes:Secrets", result.Error, StringComparison.Ordinal);
        Assert.Contains("sometimes", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "base")));
    }

    [Fact]
    public async Task A_misspelt_option_fails_instead_of_being_ignored()
    {
        var result = await Tool.PublishAsync(_folder, "--Kubernetes:Hots", "queue.example.org");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("publish-k8s: Kubernetes:Hots is not an option", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "base")));
    }
}
