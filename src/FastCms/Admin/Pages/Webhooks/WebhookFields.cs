namespace FastCms.Admin.Pages.Webhooks;

/// <summary>The model of the shared form fields: the values and the errors per API field name.</summary>
internal sealed record WebhookFields(WebhookForm Form, IReadOnlyDictionary<string, string[]> Errors);
