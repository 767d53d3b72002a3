using System.Security.Claims;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Tests.Security;

public sealed class BranchAccessTests
{
    [Fact]
    public void A_token_from_before_branches_holds_its_role_in_the_default_branch_alone()
    {
        var access = new BranchAccess(User("Attendant", queues: ["GEN"]), "MAIN");

        Assert.Equal("Attendant", access.RoleIn("MAIN"));
        Assert.Null(access.RoleIn("NORTH"));
        Assert.True(access.Serves(new("MAIN", "GEN")));
        Assert.False(access.Serves(new("NORTH", "GEN")));
        Assert.Equal(["MAIN"], access.Branches);
    }

    [Fact]
    public void Branch_grants_replace_the_global_role_and_a_queue_counts_only_in_a_branch_the_user_holds()
    {
        var access = new BranchAccess(User("Supervisor", queues: ["NORTH.GEN", "SOUTH.GEN"], grants: ["NORTH:Supervisor", "EAST:Attendant"]), "MAIN");

        Assert.Null(access.RoleIn("MAIN"));
        Assert.Equal("Supervisor", access.RoleIn("NORTH"));
        Assert.True(access.SupervisesIn("NORTH"));
        Assert.False(access.SupervisesIn("EAST"));
        Assert.True(access.Serves(new("NORTH", "GEN")));
        Assert.False(access.Serves(new("SOUTH", "GEN")));
        Assert.Equal(["EAST", "NORTH"], access.Branches);
    }

    [Fact]
    public void Two_grants_in_one_branch_give_the_stronger_role_whatever_their_order()
    {
        Assert.Equal("Supervisor", new BranchAccess(User("Supervisor", grants: ["NORTH:Supervisor", "NORTH:Attendant"]), "MAIN").RoleIn("NORTH"));
        Assert.Equal("Supervisor", new BranchAccess(User("Supervisor", grants: ["NORTH:Attendant", "NORTH:Supervisor"]), "MAIN").RoleIn("NORTH"));
    }

    [Fact]
    public void An_admin_holds_every_branch_and_serves_every_queue()
    {
        var access = new BranchAccess(User("Admin"), "MAIN");

        Assert.Equal("Admin", access.RoleIn("ANYWHERE"));
        Assert.True(access.Serves(new("ANYWHERE", "X")));
    }

    [Theory]
    [InlineData("NORTH:Admin")]
    [InlineData("north:Attendant")]
    [InlineData("NORTH")]
    [InlineData("NORTH:Janitor")]
    [InlineData(":Attendant")]
    public void A_malformed_grant_or_an_admin_grant_gives_no_role(string grant) =>
        Assert.Null(new BranchAccess(User("Attendant", grants: [grant, "EAST:Attendant"]), "MAIN").RoleIn("NORTH"));

    [Theory]
    [InlineData("GEN", "MAIN", "GEN")]
    [InlineData("NORTH.GEN", "NORTH", "GEN")]
    public void A_queue_address_reads_a_bare_code_as_the_default_branchs(string text, string branch, string code)
    {
        Assert.True(QueueAddress.TryParse(text, "MAIN", out var address));
        Assert.Equal(new QueueAddress(branch, code), address);
    }

    [Theory]
    [InlineData("")]
    [InlineData("north.GEN")]
    [InlineData("NORTH.")]
    [InlineData("A.B.C")]
    [InlineData(".GEN")]
    public void A_malformed_queue_address_is_refused(string text) =>
        Assert.False(QueueAddress.TryParse(text, "MAIN", out _));

    private static ClaimsPrincipal User(string role, string[]? queues = null, string[]? grants = null)
    {
        var claims = new List<Claim> { new(ServiceQueueClaims.Subject, "u1"), new(ServiceQueueClaims.Role, role) };
        claims.AddRange((queues ?? []).Select(q => new Claim(ServiceQueueClaims.Queues, q)));
        claims.AddRange((grants ?? []).Select(g => new Claim(ServiceQueueClaims.Branches, g)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test", ServiceQueueClaims.Name, ServiceQueueClaims.Role));
    }
}
