namespace FastCms.Collections;

/// <summary>
/// The system table <c>users</c> seen as a collection: a relation target (<c>{"collection": "users"}</c>) and a
/// source of dotted filter paths (<c>author.name</c>). It is never created, altered or deleted through the
/// collections API. Password hashes and token versions are not part of it at all.
/// </summary>
internal static class UsersCollection
{
    public const string Name = "users";

    public static CollectionDefinition Definition { get; } = new()
    {
        Id = CollectionDefinition.UsersId,
        Name = Name,
        Type = "system",
        Fields =
        [
            new FieldDefinition { Id = "users_email", Name = "email", Type = FieldType.Email, Restricted = true },
            new FieldDefinition { Id = "users_name", Name = "name", Type = FieldType.Text },
            new FieldDefinition { Id = "users_role", Name = "role", Type = FieldType.Text, Restricted = true },
            new FieldDefinition { Id = "users_verified", Name = "verified", Type = FieldType.Bool, Restricted = true },
        ],
    };

    public const int EmailField = 0;

    public const int NameField = 1;
}
