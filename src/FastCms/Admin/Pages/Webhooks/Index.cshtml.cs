using FastCms.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FastCms.Admin.Pages.Webhooks;

/// <summary>Every webhook with its target and events, a form to add one, and the durable plugin handlers' state.</summary>
internal sealed class WebhooksIndexModel(WebhookStore store, WebhookService webhooks, DeliveryLog log) : PageModel
{
    [BindProperty]
    public WebhookForm Form { get; set; } = new() { Enabled = true, Events = ["record.created", "record.updated", "record.deleted"] };

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public IReadOnlyList<Webhook> Webhooks { get; private set; } = [];

    public IReadOnlyList<HandlerDeliveries> Handlers { get; private set; } = [];

    [TempData]
    public string? Flash { get; set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            var webhook = await webhooks.CreateAsync(Form.ToRequest(), cancellationToken);
            TempData["Secret"] = webhook.Secret;
            Flash = $"Webhook to {webhook.Url} created. Copy its secret now: it is shown only once.";
            return Redirect($"/admin/webhooks/{webhook.Id}");
        }
        catch (WebhookValidationException e)
        {
            Errors = e.Errors.ToDictionary();
            await LoadAsync(cancellationToken);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Webhooks = await store.ListAsync(cancellationToken);
        Handlers = await log.HandlersAsync(cancellationToken);
    }
}
