using FastCms.Collections;

namespace FastCms.Benchmarks;

/// <summary>The <c>posts</c> collection of the load benchmark (bench/harness/seed.py), as the schema cache holds it.</summary>
internal static class BenchmarkSchema
{
    public static CollectionDefinition Posts { get; } = new()
    {
        Id = "pbc_posts",
        Name = "posts",
        Fields =
        [
            new FieldDefinition { Id = "f_title", Name = "title", Type = FieldType.Text, Required = true, MaxLength = 200 },
            new FieldDefinition { Id = "f_body", Name = "body", Type = FieldType.Editor },
            new FieldDefinition { Id = "f_views", Name = "views", Type = FieldType.Number },
            new FieldDefinition { Id = "f_published", Name = "published", Type = FieldType.Bool },
            new FieldDefinition { Id = "f_author", Name = "author", Type = FieldType.Relation, TargetCollectionId = CollectionDefinition.UsersId },
        ],
        ListRule = "",
        ViewRule = "",
        CreateRule = "",
        UpdateRule = "",
        DeleteRule = "",
    };
}
