using System.Net;
using FastCms.Outbox;
using Microsoft.Extensions.Options;

namespace FastCms.Webhooks;

/// <summary>Settings of section <c>FastCms:Webhooks</c>.</summary>
internal sealed class WebhookOptions
{
    public const string Section = "FastCms:Webhooks";

    /// <summary>
    /// Addresses or CIDR ranges (<c>10.0.0.0/8</c>, <c>127.0.0.1</c>, <c>::1</c>) a webhook may reach although the
    /// address policy refuses them (loopback, private, link-local, …); empty by default.
    /// </summary>
    public string[] AllowedAddresses { get; set; } = [];

    /// <summary>How long one attempt may take, from connecting to the end of the response.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts in flight to one webhook at a time, per instance.</summary>
    public int MaxConcurrencyPerEndpoint { get; set; } = 4;

    /// <summary>After a secret is replaced, deliveries carry signatures with both the old and the new secret for this long.</summary>
    public TimeSpan SecretRotationGrace { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The allow-list parsed; filled by the validator, which has already refused anything unparsable.</summary>
    public IReadOnlyList<IPNetwork> AllowedNetworks => [.. AllowedAddresses.Select(a => TryParseNetwork(a, out var n) ? n : default)];

    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        text = text.Trim();
        if (IPNetwork.TryParse(text, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }
}

internal sealed class WebhookOptionsValidator(IOptions<OutboxOptions> outbox) : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new List<string>();
        foreach (var entry in options.AllowedAddresses)
        {
            if (!WebhookOptions.TryParseNetwork(entry, out _))
            {
                failures.Add($"FastCms:Webhooks:AllowedAddresses: '{entry}' is neither an IP address nor a CIDR range such as 10.0.0.0/8.");
            }
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(2))
        {
            failures.Add($"FastCms:Webhooks:Timeout must be between 00:00:00.001 and 00:02:00 (got {options.Timeout}).");
        }

        // A delivery still running when its lease ends could be taken by another instance and sent twice.
        if (options.Timeout >= outbox.Value.Lease)
        {
            failures.Add($"FastCms:Webhooks:Timeout ({options.Timeout}) must be shorter than FastCms:Outbox:Lease ({outbox.Value.Lease}).");
        }

        if (options.MaxConcurrencyPerEndpoint is < 1 or > 100)
        {
            failures.Add($"FastCms:Webhooks:MaxConcurrencyPerEndpoint must be between 1 and 100 (got {options.MaxConcurrencyPerEndpoint}).");
        }

        if (options.SecretRotationGrace < TimeSpan.Zero)
        {
            failures.Add($"FastCms:Webhooks:SecretRotationGrace must not be negative (got {options.SecretRotationGrace}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
