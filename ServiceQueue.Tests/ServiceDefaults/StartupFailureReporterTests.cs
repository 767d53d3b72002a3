using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ServiceQueue.ServiceDefaults.Configuration;

namespace ServiceQueue.Tests.ServiceDefaults;

public sealed class StartupFailureReporterTests
{
    [Fact]
    public void Missing_connection_string_is_named_in_environment_form()
    {
        var configuration = new ConfigurationBuilder().Build();

        var error = Assert.Throws<MissingSettingException>(() => configuration.GetRequiredConnectionString("redis", "Redis connection string"));

        Assert.Equal("ConnectionStrings__redis", error.Key);
        Assert.Equal("api: missing required setting ConnectionStrings__redis (Redis connection string)", StartupFailureReporter.Describe("api", error));
    }

    [Fact]
    public void Blank_value_counts_as_missing()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("Security:Jwt:SigningKey", (string?)"  ")]).Build();

        var error = Assert.Throws<MissingSettingException>(() => configuration.GetRequiredValue("Security:Jwt:SigningKey", "base64, 32 bytes"));

        Assert.Equal("Security__Jwt__SigningKey", error.Key);
    }

    [Fact]
    public void Several_validation_failures_still_make_one_line()
    {
        var error = new OptionsValidationException("", typeof(object), ["A__B must be set", "C__D must be\nset"]);

        Assert.Equal("api: invalid setting: A__B must be set; C__D must be set", StartupFailureReporter.Describe("api", new AggregateException(error)));
    }

    [Fact]
    public void Unconvertible_value_names_the_key_and_type_but_not_the_value()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("Sample:MaxAttempts", (string?)"s3cret")]).Build();
        var error = Assert.ThrowsAny<InvalidOperationException>(() => configuration.GetSection("Sample").Get<SampleOptions>());

        Assert.Equal("api: invalid setting Sample__MaxAttempts (not a valid System.Int32)", StartupFailureReporter.Describe("api", error));
    }

    [Fact]
    public void Other_failures_are_left_to_the_runtime()
    {
        Assert.Null(StartupFailureReporter.Describe("api", new InvalidOperationException("bug")));
        Assert.Null(StartupFailureReporter.Describe("api", new AggregateException(new MissingSettingException("x", "y"), new InvalidOperationException("bug"))));
    }

    private sealed class SampleOptions
    {
        public int MaxAttempts { get; set; }
    }
}
