using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.Intake;

namespace ServiceQueue.Tests.Intake;

public sealed class IntakeRoutingKeyTests
{
    [Theory]
    [InlineData("request.GEN", "MAIN", "GEN")]
    [InlineData("request.MAIN.GEN", "MAIN", "GEN")]
    [InlineData("request.NORTH.GEN", "NORTH", "GEN")]
    [InlineData("request.B_2-X.Q-1_A", "B_2-X", "Q-1_A")]
    public void A_two_part_key_names_the_default_branchs_queue_and_a_three_part_key_its_branchs(string key, string branch, string queue)
    {
        Assert.True(IntakeRoutingKey.TryParse(key, "MAIN", out var address));
        Assert.Equal(new QueueAddress(branch, queue), address);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("request")]
    [InlineData("request.")]
    [InlineData("request.a.b.c")]
    [InlineData("request.NORTH.GEN.X")]
    [InlineData("request.north.GEN")]
    [InlineData("request.gen")]
    [InlineData("request..GEN")]
    [InlineData("request.NORTH.")]
    [InlineData("request.SEVENTEEN_LETTERS.GEN")]
    [InlineData("requests.GEN")]
    [InlineData("REQUEST.GEN")]
    public void Any_other_key_is_malformed(string? key)
    {
        Assert.False(IntakeRoutingKey.TryParse(key, "MAIN", out _));
    }

    [Fact]
    public void The_default_branch_or_none_keeps_the_key_from_before_branches_and_another_branch_gets_its_own()
    {
        Assert.Equal("request.GEN", IntakeRoutingKey.For(null, "GEN", "MAIN"));
        Assert.Equal("request.GEN", IntakeRoutingKey.For("MAIN", "GEN", "MAIN"));
        Assert.Equal("request.NORTH.GEN", IntakeRoutingKey.For("NORTH", "GEN", "MAIN"));
        Assert.Equal("request.GEN", IntakeRoutingKey.For("HQ", "GEN", "HQ"));
        Assert.Equal(IntakeTopology.RoutingKeyFor("GEN"), IntakeRoutingKey.For(null, "GEN", "MAIN"));
    }
}
