using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using FinalAccounts.Tests.Shared;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>
/// Two real portal processes on one PostgreSQL database, as behind a load balancer: both serve, a job started on one
/// is finished by the other when the first is killed (and never runs on both at once), and a user signed in on one
/// is signed in on the other (data-protection keys in the database).
/// </summary>
public sealed class TwoNodeTests : IAsyncLifetime
{
    private readonly List<Node> _nodes = [];
    private string _database = "";
    private string _work = "";

    public async Task InitializeAsync()
    {
        _database = await DemoDatabases.NewPostgresAsync();
        _work = Directory.CreateTempSubdirectory("fa-nodes-").FullName;
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        await TestDatabases.DropAsync(_database);
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // a log file may still be held by a dying process; a temp directory left behind is harmless
        }
    }

    [Fact]
    public async Task Both_nodes_serve_a_job_survives_its_node_and_a_sign_in_works_on_either()
    {
        // Node A pauses after each step of a job, so it is killed while it holds one.
        var a = await StartAsync("node-a", stepDelayMilliseconds: 600_000);
        var reviewer = await TokenAsync(a, "reviewer");
        var start = await reviewer.PostAsJsonAsync("/api/reconciliation/batches", new { fiscalYear = 2023 });
        start.StatusCode.Should().Be(HttpStatusCode.Accepted, await start.Content.ReadAsStringAsync());
        var location = start.Headers.Location!.ToString();
        var running = await PollAsync(reviewer, location, j => j.GetProperty("done").GetInt32() >= 1);
        running.GetProperty("state").GetString().Should().Be("running");
        running.GetProperty("node").GetString().Should().Be("node-a");

        var b = await StartAsync("node-b", stepDelayMilliseconds: 0);
        var onB = Client(b);
        onB.DefaultRequestHeaders.Authorization = reviewer.DefaultRequestHeaders.Authorization;
        (await onB.GetStringAsync("/reports/jdz-zwsjglj/2023")).Should().Contain("景德镇市政务服务数据管理局", "both nodes serve");
        (await onB.GetFromJsonAsync<JsonElement>(location)).GetProperty("node").GetString().Should().Be("node-a", "a live node keeps its job: it never runs twice");

        // A user signs in on A (the form comes from A, the post goes to B: antiforgery tokens work across nodes too).
        var cookie = await SignInAsync(form: a, post: b, "officer", "Demo#2023pass");
        var workspaceOnA = Client(a, cookie);
        (await workspaceOnA.GetAsync("/workspace")).StatusCode.Should().Be(HttpStatusCode.OK, "the cookie issued by B works on A");
        var workspaceOnB = Client(b, cookie);
        (await workspaceOnB.GetAsync("/workspace")).StatusCode.Should().Be(HttpStatusCode.OK);

        a.Kill();
        var finished = await PollAsync(onB, location, j => j.GetProperty("state").GetString() is "completed" or "failed");

        finished.GetProperty("state").GetString().Should().Be("completed", finished.ToString());
        finished.GetProperty("node").GetString().Should().Be("node-b", "the surviving node finished it");
        finished.GetProperty("attempt").GetInt32().Should().Be(2);
        finished.GetProperty("total").GetInt32().Should().Be(1);
        finished.GetProperty("done").GetInt32().Should().Be(1);
        (await onB.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private async Task<Node> StartAsync(string id, int stepDelayMilliseconds)
    {
        var port = FreePort();
        var web = WebAssembly();
        var info = new ProcessStartInfo("dotnet", [web, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(web)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_TieredPGO"] = "0", // a short-lived node: profile-guided re-JIT would cost more than it saves
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings__FinalAccounts"] = _database,
            ["FinalAccounts__NodeId"] = id,
            ["FinalAccounts__LogDirectory"] = Path.Combine(_work, id),
            ["FinalAccounts__ExportDirectory"] = Path.Combine(_work, "exports"),
            ["FinalAccounts__PublicCache__Compression"] = "Fastest", // as the in-process test portals
            ["FinalAccounts__Jobs__LeaseSeconds"] = "2",
            // A quarter of the lease: B takes the job over within half a second of A's lease running out, and the two
            // nodes do not query the database ten times a second for the whole test.
            ["FinalAccounts__Jobs__PollMilliseconds"] = "500",
            ["FinalAccounts__Jobs__StepDelayMilliseconds"] = stepDelayMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        var node = new Node(id, new Uri($"http://127.0.0.1:{port}"), process);
        _nodes.Add(node);
        using var probe = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                if ((await probe.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return node;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet, or too busy starting to answer within the probe's timeout
            }

            await Task.Delay(100); // waiting for a process to start, bounded
        }

        throw new InvalidOperationException($"{id} did not start: {node.Output()}");
    }

    private static async Task<JsonElement> PollAsync(HttpClient client, string location, Func<JsonElement, bool> done)
    {
        JsonElement job = default;
        for (var attempt = 0; attempt < 600; attempt++)
        {
            job = await client.GetFromJsonAsync<JsonElement>(location);
            if (done(job))
            {
                return job;
            }

            await Task.Delay(50); // waiting for a background job on another process, bounded
        }

        return job;
    }

    private static async Task<HttpClient> TokenAsync(Node node, string user)
    {
        var client = Client(node);
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName = user, password = "Demo#2023pass" });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        return client;
    }

    private static async Task<string> SignInAsync(Node form, Node post, string user, string password)
    {
        var (response, cookies) = await SignInClient.PostLoginAsync(Client(form), Client(post), user, password);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return cookies;
    }

    private static HttpClient Client(Node node, string? cookie = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(30) };
        if (cookie is not null)
        {
            client.DefaultRequestHeaders.Add("Cookie", cookie);
        }

        return client;
    }

    /// <summary>The portal built next to this test assembly's configuration (src/FinalAccounts.Web/bin/{Debug|Release}/net10.0).</summary>
    private static string WebAssembly()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = directory.Parent!.Name; // …/bin/{configuration}/net10.0/
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FinalAccounts.sln")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory!.FullName, "src", "FinalAccounts.Web", "bin", configuration, "net10.0", "FinalAccounts.Web.dll");
        File.Exists(path).Should().BeTrue($"the portal is built at {path}");
        return path;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Node : IDisposable
    {
        private readonly System.Text.StringBuilder _output = new();

        public Node(string id, Uri address, Process process)
        {
            Id = id;
            Address = address;
            Process = process;
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Id { get; }
        public Uri Address { get; }
        public Process Process { get; }

        public string Output()
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }

        public void Kill()
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Kill();
            }

            Process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                if (_output.Length < 200_000)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }
}
