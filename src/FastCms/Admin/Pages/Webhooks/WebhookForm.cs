using System.Text.Json;
using FastCms.Plugins.Events;
using FastCms.Webhooks;

namespace FastCms.Admin.Pages.Webhooks;

/// <summary>The fields of the create and edit forms, turned into the same request the API takes.</summary>
internal sealed class WebhookForm
{
    public static readonly string[] EventChoices =
    [
        EventTypes.RecordCreated, EventTypes.RecordUpdated, EventTypes.RecordDeleted,
        EventTypes.CollectionCreated, EventTypes.CollectionUpdated, EventTypes.CollectionDeleted,
    ];

    public string? Url { get; set; }

    /// <summary>Collection names separated by commas or spaces; empty for all.</summary>
    public string? Collections { get; set; }

    public List<string> Events { get; set; } = [];

    /// <summary>A record filter; empty for none (on the edit form, empty removes the stored one).</summary>
    public string? Filter { get; set; }

    public bool Enabled { get; set; }

    public WebhookRequest ToRequest() => new(
        Url?.Trim() ?? "",
        (Collections ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        [.. Events],
        JsonSerializer.SerializeToElement(Filter?.Trim() ?? ""),
        Enabled,
        null);

    public static WebhookForm From(Webhook webhook) => new()
    {
        Url = webhook.Url,
        Collections = string.Join(", ", webhook.Collections),
        Events = [.. webhook.Events],
        Filter = webhook.Filter,
        Enabled = webhook.Enabled,
    };
}
