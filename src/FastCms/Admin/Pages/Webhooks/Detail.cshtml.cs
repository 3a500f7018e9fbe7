using FastCms.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FastCms.Admin.Pages.Webhooks;

/// <summary>One webhook: edit it, rotate its secret, delete it, and read its delivery log with a redeliver button per delivery.</summary>
internal sealed class WebhookDetailModel(WebhookStore store, WebhookService webhooks, DeliveryLog log) : PageModel
{
    [BindProperty]
    public WebhookForm Form { get; set; } = new();

    public Webhook Webhook { get; private set; } = null!;

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public IReadOnlyList<DeliveryEntry> Deliveries { get; private set; } = [];

    /// <summary>The full secret, right after it was created or rotated.</summary>
    public string? Secret { get; private set; }

    [TempData]
    public string? Flash { get; set; }

    public async Task<IActionResult> OnGetAsync(string webhookId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(webhookId, cancellationToken))
        {
            return NotFound();
        }

        Form = WebhookForm.From(Webhook);
        Secret = TempData["Secret"] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string webhookId, CancellationToken cancellationToken)
    {
        try
        {
            if (await webhooks.UpdateAsync(webhookId, Form.ToRequest(), cancellationToken) is null)
            {
                return NotFound();
            }

            Flash = "Webhook saved.";
            return Redirect($"/admin/webhooks/{webhookId}");
        }
        catch (WebhookValidationException e)
        {
            Errors = e.Errors.ToDictionary();
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await LoadAsync(webhookId, cancellationToken) ? Page() : NotFound();
        }
    }

    public async Task<IActionResult> OnPostRotateAsync(string webhookId, CancellationToken cancellationToken)
    {
        if (await webhooks.RotateSecretAsync(webhookId, cancellationToken) is not { } webhook)
        {
            return NotFound();
        }

        TempData["Secret"] = webhook.Secret;
        Flash = "Secret rotated. Deliveries carry signatures with the old and the new secret until the grace period ends.";
        return Redirect($"/admin/webhooks/{webhookId}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string webhookId, CancellationToken cancellationToken)
    {
        if (!await webhooks.DeleteAsync(webhookId, cancellationToken))
        {
            return NotFound();
        }

        Flash = "Webhook deleted.";
        return Redirect("/admin/webhooks");
    }

    public async Task<IActionResult> OnPostRedeliverAsync(string webhookId, [FromForm(Name = "delivery")] string? delivery, CancellationToken cancellationToken)
    {
        if (delivery is null || !await webhooks.RedeliverAsync(webhookId, delivery, cancellationToken))
        {
            return NotFound();
        }

        Flash = "The event will be delivered again now.";
        return Redirect($"/admin/webhooks/{webhookId}");
    }

    public static string StatusClass(string status) => status switch
    {
        "delivered" => "success",
        "dead" => "danger",
        _ => "accent",
    };

    private async Task<bool> LoadAsync(string webhookId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(webhookId, cancellationToken) is not { } webhook)
        {
            return false;
        }

        Webhook = webhook;
        Deliveries = await log.ListAsync(webhook.ConsumerKey, null, 1, cancellationToken);
        return true;
    }
}
