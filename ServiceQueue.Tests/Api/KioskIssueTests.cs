extern alias api;
using System.Net;
using System.Net.Http.Json;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Tickets;
using ServiceQueue.Tests.Consumer;
using ServiceQueue.Tests.Infrastructure;
using ApiModel = api::ServiceQueue.Api.Model;

namespace ServiceQueue.Tests.Api;

/// <summary>A kiosk tap through the real Consumer and Broker: the ticket, or intake's refusal, within Kiosk:IssueWait.</summary>
public sealed class KioskIssueTests
{
    [Fact]
    public async Task A_tap_answers_201_with_the_number_place_and_token_and_a_repeat_the_same_ticket_and_a_closed_queue_422_with_its_reason()
    {
        await using var rig = await IntakeRig.StartAsync();
        using var api = await ApiFactory.StartAsync(rig.ApiSettings(new Dictionary<string, string?>
        {
            // Generous for a loaded machine: the Consumer and Broker answer in milliseconds when it is quiet.
            ["Kiosk:IssueWait"] = "00:00:25",
        }));
        using var admin = api.ClientWith((await api.LoginAsAdminAsync()).AccessToken);
        var open = await QueuesApiTests.CreateQueueAsync(admin);
        var closed = QueueCodes.New();
        (await admin.PostAsJsonAsync("/api/v1/queues", new { code = closed, name = "Closed", numberPrefix = "C", open = false })).EnsureSuccessStatusCode();
        var kiosk = await KioskTestClient.EnrolAsync(admin, [open, closed]);
        using var device = KioskTestClient.Device(api, kiosk.Token!);

        var issued = await device.SendAsync(KioskTestClient.Tap(open, "tap-1"));
        var repeat = await device.SendAsync(KioskTestClient.Tap(open, "tap-1"));
        var refused = await device.SendAsync(KioskTestClient.Tap(closed, "tap-2"));

        Assert.True(issued.StatusCode == HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        var ticket = (await issued.Content.ReadFromJsonAsync<ApiModel.KioskTicketResponse>())!;
        Assert.Equal(("issued", $"{open[..1]}-001", open, $"Queue {open}", "MAIN", 1), (ticket.Status, ticket.Number, ticket.Queue, ticket.QueueName, ticket.Branch, ticket.Position));
        Assert.True(TicketHolderToken.IsWellFormed(ticket.Token));
        Assert.Equal("/t/" + ticket.Token, ticket.TicketPath);
        Assert.NotNull(ticket.IssuedAt);
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal(ticket, await repeat.Content.ReadFromJsonAsync<ApiModel.KioskTicketResponse>());
        var waiting = Assert.Single((await rig.GetQueueAsync(open)).Waiting);
        // The ticket page finds the ticket by the hash of the token the kiosk was given, and by nothing the kiosk showed.
        var byHolder = await rig.Broker.GetTicketAsync(new GetTicketRequest { Holder = TicketHolderToken.Hash(ticket.Token) }, deadline: BrokerCalls.Deadline());
        Assert.Equal(waiting.Ticket.Id, byHolder.Ticket.Id);
        var problem = await AuthApiTests.AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("queue_closed", problem.GetProperty("reason").GetString());
    }
}
