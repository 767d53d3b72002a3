extern alias api;
extern alias consumer;

using System.Text.Json;
using api::ServiceQueue.Api.Apis;
using api::ServiceQueue.Api.Model;
using consumer::ServiceQueue.Consumer.Intake;
using consumer::ServiceQueue.Consumer.Options;
using Microsoft.Extensions.Options;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.Intake;
using ServiceQueue.Tests.Security;

namespace ServiceQueue.Tests.Intake;

/// <summary>The Api's check before publishing and the Consumer's on arrival draw the clock-skew line in the same place.</summary>
public sealed class ClockSkewTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void The_Api_and_the_Consumer_accept_a_request_exactly_at_the_default_skew_and_refuse_one_a_millisecond_beyond()
    {
        var skew = new ClockSkewOptions().MaxClockSkew;
        var atTheLine = Now + skew;
        var beyond = atTheLine + TimeSpan.FromMilliseconds(1);

        Assert.Equal(ServiceRequestRules.DefaultMaxClockSkew, skew);
        Assert.Equal((true, true), (ApiAccepts(atTheLine), ConsumerAccepts(atTheLine)));
        Assert.Equal((false, false), (ApiAccepts(beyond), ConsumerAccepts(beyond)));
    }

    [Fact]
    public void A_configured_skew_moves_the_line_for_both_services_alike()
    {
        var skew = TimeSpan.FromSeconds(30);

        Assert.Equal((true, true), (ApiAccepts(Now + skew, skew), ConsumerAccepts(Now + skew, skew)));
        Assert.Equal((false, false), (ApiAccepts(Now + TimeSpan.FromSeconds(31), skew), ConsumerAccepts(Now + TimeSpan.FromSeconds(31), skew)));
    }

    private static bool ApiAccepts(DateTimeOffset requestedAt, TimeSpan? skew = null)
    {
        var body = new ServiceRequestBody("GEN", "kiosk", new CustomerBody("Ana Souza", null, null, null), "normal", null, requestedAt, null);
        var errors = new ValidationErrors();
        var message = ServiceRequestValidation.Check("skew-1", body, Now, skew ?? new ClockSkewOptions().MaxClockSkew, BranchOptions.DefaultCode, errors);
        // Only the time may fail here: anything else would make this test prove nothing about the skew.
        Assert.True(message is not null || errors.ToDictionary().Keys.SequenceEqual(["requestedAt"]));
        return message is not null;
    }

    private static bool ConsumerAccepts(DateTimeOffset requestedAt, TimeSpan? skew = null)
    {
        var clockSkew = skew is { } configured ? new ClockSkewOptions { MaxClockSkew = configured } : new ClockSkewOptions();
        var validator = new RequestValidator(Options.Create(new IntakeOptions()), Options.Create(clockSkew), Options.Create(new BranchOptions()), new ManualTimeProvider(Now));
        var message = new ServiceRequestMessage("skew-1", "GEN", "kiosk", new CustomerMessage("Ana Souza", null, null, null), "normal", null, requestedAt, null);
        var outcome = validator.Validate(JsonSerializer.SerializeToUtf8Bytes(message, IntakeJsonContext.Default.ServiceRequestMessage), "skew-1", "request.GEN");
        Assert.True(outcome.Request is not null || outcome.Rejection is { Reason: RejectionReason.InvalidSchema, Detail: "requestedAt lies in the future" });
        return outcome.Request is not null;
    }
}
