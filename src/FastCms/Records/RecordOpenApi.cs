using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FastCms.Records;

/// <summary>
/// Describes <see cref="RecordView"/> in the OpenAPI document: it is written by a converter, so the schema cannot be
/// inferred from its properties.
/// </summary>
internal static class RecordOpenApi
{
    public static void Describe(OpenApiOptions options) => options.AddSchemaTransformer((schema, context, _) =>
    {
        if (context.JsonTypeInfo.Type == typeof(RecordView))
        {
            schema.Type = JsonSchemaType.Object;
            schema.Description = "A record: its id, the visible field values, timestamps and expanded relations.";
            schema.Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "15 characters [a-z0-9]" },
                ["data"] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "Field values by field name (hidden fields never appear)" },
                ["created"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                ["updated"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                ["expand"] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "Expanded relations by field name, when requested" },
            };
        }

        return Task.CompletedTask;
    });
}
