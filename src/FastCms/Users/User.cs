namespace FastCms.Users;

internal sealed record User(
    string Id,
    string Email,
    string Name,
    string Role,
    string PasswordHash,
    bool Verified,
    long TokenVersion,
    DateTimeOffset Created,
    DateTimeOffset Updated);

/// <summary>A user as the API shows it: never the password hash or token version.</summary>
internal sealed record UserResponse(
    string Id,
    string Email,
    string Name,
    string Role,
    bool Verified,
    DateTimeOffset Created,
    DateTimeOffset Updated)
{
    public static UserResponse From(User user) =>
        new(user.Id, user.Email, user.Name, user.Role, user.Verified, user.Created, user.Updated);
}
