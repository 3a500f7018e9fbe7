using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using FastCms.Collections;
using FastCms.Data;
using Npgsql;

namespace FastCms.Realtime;

/// <summary>
/// Carries events between server instances on one PostgreSQL database, with no other server: each instance sends what
/// committed on it with <c>NOTIFY</c> and <c>LISTEN</c>s for the others'. A notification holds at most 8000 bytes, so an
/// event that does not fit is stored in <c>_realtime_events</c> and the notification carries its id. Events are sent
/// right after they commit, in commit order; an instance that stops between its commit and the notification loses
/// that event for the others (delivery is at most once, as for clients).
/// </summary>
internal sealed class PostgresRelay(Database database, SchemaCache schemas, RealtimeHub hub, ILogger<PostgresRelay> logger) : BackgroundService
{
    public const string Channel = "fastcms_realtime";

    /// <summary>Below PostgreSQL's 8000-byte payload limit, with room for the envelope.</summary>
    private const int MaxInlineBytes = 7000;

    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(10);

    private readonly Channel<RealtimeEvent> _outgoing = System.Threading.Channels.Channel.CreateUnbounded<RealtimeEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<string> _incoming = System.Threading.Channels.Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _instance = RandomId.New();

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        hub.Relay = e => _outgoing.Writer.TryWrite(e);
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        hub.Relay = null;
        _outgoing.Writer.TryComplete();
        _incoming.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken), ReceiveAsync(stoppingToken));

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        var sent = 0;
        await foreach (var e in _outgoing.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                var body = RelayCodec.Encode(e);
                var envelope = new JsonObject { ["from"] = _instance, ["event"] = body }.ToJsonString();
                await using var lease = await database.LeaseAsync(stoppingToken);
                if (Encoding.UTF8.GetByteCount(envelope) > MaxInlineBytes)
                {
                    var id = RandomId.New();
                    await using (var insert = lease.CreateCommand("INSERT INTO _realtime_events (id, payload, created) VALUES (@id, @payload, @created)"))
                    {
                        await insert.AddParameter("id", id).AddParameter("payload", body.ToJsonString()).AddParameter("created", DateTime.UtcNow).ExecuteNonQueryAsync(stoppingToken);
                    }

                    envelope = new JsonObject { ["from"] = _instance, ["stored"] = id }.ToJsonString();
                }

                await using (var notify = lease.CreateCommand("SELECT pg_notify(@channel, @payload)"))
                {
                    await notify.AddParameter("channel", Channel).AddParameter("payload", envelope).ExecuteNonQueryAsync(stoppingToken);
                }

                if (++sent % 1000 == 0)
                {
                    await using var cleanup = lease.CreateCommand("DELETE FROM _realtime_events WHERE created < @before");
                    await cleanup.AddParameter("before", DateTime.UtcNow - Keep).ExecuteNonQueryAsync(stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not relay a realtime event to other instances");
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = (NpgsqlConnection)await database.OpenAsync(stoppingToken);
                connection.Notification += (_, n) => _incoming.Writer.TryWrite(n.Payload);
                await using (var listen = connection.CreateCommand())
                {
                    listen.CommandText = $"LISTEN {Channel}";
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Listening for other instances' realtime events failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    // Notifications arrive in commit order of the sending transactions and are handled one at a time, in that order.
    private async Task ReceiveAsync(CancellationToken stoppingToken)
    {
        await foreach (var payload in _incoming.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                var envelope = JsonNode.Parse(payload)!.AsObject();
                if (envelope["from"]?.GetValue<string>() == _instance
                    || (envelope["event"] as JsonObject ?? await LoadAsync(envelope["stored"]!.GetValue<string>(), stoppingToken)) is not { } body)
                {
                    continue;
                }

                var e = RelayCodec.Decode(body, await schemas.GetAsync(stoppingToken))
                    ?? RelayCodec.Decode(body, await schemas.RefreshAsync(stoppingToken));
                if (e is not null)
                {
                    hub.FromPeer(e);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "A realtime event from another instance could not be read");
            }
        }
    }

    private async Task<JsonObject?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        await using var lease = await database.LeaseAsync(cancellationToken);
        await using var command = lease.CreateCommand("SELECT payload FROM _realtime_events WHERE id = @id");
        command.AddParameter("id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is string text ? JsonNode.Parse(text) as JsonObject : null;
    }
}
