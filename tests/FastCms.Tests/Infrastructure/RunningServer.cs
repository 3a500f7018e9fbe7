using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace FastCms.Tests.Infrastructure;

/// <summary>
/// The real server executable running in the background on a free loopback port, for tests that must stop it the hard
/// way: <see cref="KillAsync"/> sends SIGKILL to its process id, so nothing of it runs after that (no shutdown, no flush).
/// </summary>
public sealed partial class RunningServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunningServer(Process process)
    {
        _process = process;
    }

    public string BaseUrl { get; private set; } = "";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server in <paramref name="root"/> and waits until it listens (at most 90 s).</summary>
    public static async Task<RunningServer> StartAsync(string root, IEnumerable<(string Name, string Value)> environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "FastCms.dll"), "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var server = new RunningServer(Process.Start(start)!);
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (server._output)
            {
                server._output.AppendLine(e.Data);
            }

            if (ListeningPattern().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(match.Groups[1].Value);
            }
        }

        server._process.OutputDataReceived += OnLine;
        server._process.ErrorDataReceived += OnLine;
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        var finished = await Task.WhenAny(listening.Task, server._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
        if (finished != listening.Task)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException("The server did not start listening:\n" + server.Output);
        }

        server.BaseUrl = listening.Task.Result;
        return server;
    }

    public HttpClient Client() => new() { BaseAddress = new Uri(BaseUrl) };

    /// <summary>Creates the first admin (<c>admin@example.com</c>) and returns a client signed in as it.</summary>
    public async Task<HttpClient> SetUpAdminAsync()
    {
        const string password = ServerFixture.AdminPassword;
        var body = await (await Client().PostJsonAsync("/api/v1/setup", new { email = "admin@example.com", password, password_confirm = password }))
            .ExpectAsync(System.Net.HttpStatusCode.Created);
        return Client().WithBearer(body["token"]!["access_token"]!.GetValue<string>());
    }

    /// <summary>Kills the process with SIGKILL (by its id) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-KILL", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningPattern();
}
