using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using LiveViews.Tests.Hub;
using LiveViews.Tests.Live;

namespace LiveViews.Tests.Forms;

public sealed class FormsHost : LiveTestHost
{
    protected override void ConfigureApp(WebApplication app) => app.MapLiveView<FormProbeView>("/form");
}

/// <summary>Forms over the real hub: the tag helpers' markup, touched fields from the client, the submit contract.</summary>
public sealed class FormHubTests(FormsHost host) : IClassFixture<FormsHost>
{
    private static string Ops(JsonObject reply) => reply["o"]!.ToJsonString();

    [Fact]
    public async Task The_tag_helpers_render_names_ids_the_message_link_and_novalidate()
    {
        var html = await host.Http.GetStringAsync(new Uri(host.BaseAddress, "/form"));
        Assert.Contains("<form id=\"account\" lv-change=\"Validate\" lv-submit=\"Save\" novalidate>", html);
        Assert.Contains("<input aria-describedby=\"name-hint error-Name\" name=\"Name\" id=\"Name\">", html);
        Assert.Contains("<span id=\"error-Name\"></span>", html);
        Assert.Contains("<input type=\"checkbox\" name=\"Terms\" id=\"Terms\" aria-describedby=\"error-Terms\" value=\"true\">", html);
        Assert.DoesNotContain("aria-invalid", html);
    }

    [Fact]
    public async Task Live_validation_shows_errors_only_for_the_fields_the_client_says_were_touched()
    {
        var (client, viewId) = await host.JoinAsync("/form");
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "Validate", new Dictionary<string, object> { ["Name"] = "A", ["Email"] = "", [""] = new { t = new[] { "Name" } } });
        var reply = await client.NextReplyAsync(viewId);
        Assert.Null(reply["e"]);
        var ops = Ops(reply);
        Assert.Contains("minimum length of 2", ops);
        Assert.Contains("\"aria-invalid\",\"true\"", ops);
        Assert.DoesNotContain("Email field is required", ops); // invalid, but untouched

        await client.SendAsync("e", viewId, 2, "Validate", new Dictionary<string, object> { ["Name"] = "A", ["Email"] = "", [""] = new { t = new[] { "Name", "Email" } } });
        Assert.Contains("The Email field is required.", Ops(await client.NextReplyAsync(viewId)));
    }

    [Fact]
    public async Task An_invalid_submit_does_not_run_the_work_a_valid_one_does_once()
    {
        var (client, viewId) = await host.JoinAsync("/form");
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "Save", new Dictionary<string, object> { ["Name"] = "Ada", ["Age"] = "7" });
        var invalid = Ops(await client.NextReplyAsync(viewId));
        Assert.Contains("The Email field is required.", invalid);
        Assert.Contains("The field Age must be between 13 and 120.", invalid);
        Assert.DoesNotContain("1 Ada", invalid);

        await client.SendAsync("e", viewId, 2, "Save", new Dictionary<string, object> { ["Name"] = "Ada", ["Email"] = "ada@example.org", ["Age"] = "36", ["Terms"] = "true" });
        var valid = Ops(await client.NextReplyAsync(viewId));
        Assert.Contains("1 Ada", valid);
        Assert.DoesNotContain("required", valid);
    }

    [Fact]
    public async Task Malformed_form_metadata_is_an_error_reply_and_the_view_survives()
    {
        var (client, viewId) = await host.JoinAsync("/form");
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "Validate", new Dictionary<string, object> { [""] = new { t = "Name" } });
        Assert.Equal("The touched fields of a form must be an array of names.", (await client.NextReplyAsync(viewId))["e"]!.GetValue<string>());
        await client.SendAsync("e", viewId, 2, "Validate", new Dictionary<string, object> { ["Name"] = "A", [""] = new { t = new[] { "Name" } } });
        Assert.Contains("minimum length", Ops(await client.NextReplyAsync(viewId)));
    }

    [Fact]
    public async Task A_file_input_without_lv_upload_in_a_live_form_fails_the_first_render_with_a_clear_error()
    {
        var response = await host.Http.GetAsync(new Uri(host.BaseAddress, "/form?file=1"));
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, response.StatusCode);
        var error = Assert.Throws<InvalidOperationException>(() => LiveViews.Forms.UnboundFileInputCheck.ThrowIfAny(typeof(FormProbeView),
            "<form lv-submit=\"Save\"><input type=\"FILE\" name=\"avatar\"></form>"));
        Assert.StartsWith("FormProbeView renders <input type=\"file\" name=\"avatar\"> in a live form without lv-upload", error.Message);
    }

    [Theory]
    [InlineData("<form lv-submit=\"Save\"><input type=\"file\" name=\"a\" lv-upload=\"photos\"></form>")]
    [InlineData("<form action=\"/plain\" method=\"post\"><input type=\"file\" name=\"a\"></form>")] // an ordinary form posts its files itself
    [InlineData("<p>profile files</p>")]
    public void File_inputs_the_framework_does_not_serialize_are_fine(string html) =>
        LiveViews.Forms.UnboundFileInputCheck.ThrowIfAny(typeof(FormProbeView), html);
}
