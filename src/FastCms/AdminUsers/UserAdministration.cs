using FastCms.Auth;
using FastCms.Data;
using FastCms.Kernel;
using FastCms.Plugins;
using FastCms.Plugins.Events;
using FastCms.Records;
using FastCms.Users;

namespace FastCms.AdminUsers;

/// <summary>
/// The outcome of an account change: the user, or field errors, or a problem with its HTTP status (and the field
/// it concerns, when there is one).
/// </summary>
internal sealed record UserChange(User? User, FieldErrors? Errors = null, int Status = StatusCodes.Status200OK, string? Problem = null, string? Field = null)
{
    public bool Succeeded => Errors is null && Problem is null;

    public static UserChange Invalid(FieldErrors errors) => new(null, errors, StatusCodes.Status400BadRequest);

    public static UserChange Failed(int status, string problem, string? field = null) => new(null, null, status, problem, field);
}

/// <summary>
/// Creating, changing and deleting accounts as an admin, with one set of rules for the admin API and the admin UI:
/// the password policy, valid emails and roles, unique emails, and at least one admin at all times.
/// </summary>
internal sealed class UserAdministration(
    Database database,
    UserStore users,
    AuthService auth,
    PasswordPolicy policy,
    TokenVersionCache tokenVersions,
    RecordService records)
{
    public async Task<UserChange> CreateAsync(CreateUserRequest body, string? passwordConfirm, CancellationToken cancellationToken)
    {
        var errors = AuthApi.ValidateNewAccount(body.Email, body.Password, passwordConfirm, body.Name, policy);
        var role = body.Role ?? FastCmsRoles.User;
        if (!UserStore.IsValidRole(role))
        {
            errors.Add("role", "Role must be 'user' or 'admin'.");
        }

        if (errors.Any)
        {
            return UserChange.Invalid(errors);
        }

        var user = await database.WriteAsync(
            session => users.TryCreateAsync(session, body.Email!, body.Name ?? "", role, auth.HashPassword(body.Password!), cancellationToken),
            cancellationToken);
        return user is null
            ? UserChange.Failed(StatusCodes.Status409Conflict, "A user with this email already exists.", "email")
            : new UserChange(user);
    }

    public async Task<UserChange> UpdateAsync(string id, UpdateUserRequest body, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (body.Email is not null && !EmailAddress.IsValid(body.Email))
        {
            errors.Add("email", "Enter a valid email address.");
        }

        if (body.Role is not null && !UserStore.IsValidRole(body.Role))
        {
            errors.Add("role", "Role must be 'user' or 'admin'.");
        }

        if (body.Password is not null && policy.Check(body.Password) is { } weak)
        {
            errors.Add("password", weak);
        }

        AuthApi.ValidateName(errors, body.Name);
        if (errors.Any)
        {
            return UserChange.Invalid(errors);
        }

        return await database.WriteAsync(async session =>
        {
            await session.Dialect.LockAsync(session, UserStore.AdminSetLockKey, cancellationToken);
            var user = await users.FindByIdAsync(session, id, cancellationToken);
            if (user is null)
            {
                return UserChange.Failed(StatusCodes.Status404NotFound, $"User '{id}' not found.");
            }

            var demoted = user.Role == FastCmsRoles.Admin && body.Role is FastCmsRoles.User;
            if (demoted && await users.CountAdminsAsync(session, cancellationToken) <= 1)
            {
                return UserChange.Failed(StatusCodes.Status409Conflict,
                    "This is the last admin; promote another user before changing this one's role.", "role");
            }

            var changed = user with
            {
                Email = body.Email ?? user.Email,
                Name = body.Name?.Trim() ?? user.Name,
                Role = body.Role ?? user.Role,
                Verified = body.Verified ?? user.Verified,
                PasswordHash = body.Password is null ? user.PasswordHash : auth.HashPassword(body.Password),
            };
            var credentialsChanged = changed.Role != user.Role || body.Password is not null;
            if (!await users.TryUpdateAsync(session, changed, credentialsChanged, cancellationToken))
            {
                return UserChange.Failed(StatusCodes.Status409Conflict, "A user with this email already exists.", "email");
            }

            if (body.Password is not null)
            {
                await auth.RevokeAllSessionsAsync(session, id, cancellationToken);
            }

            session.OnCommitted(() => tokenVersions.Invalidate(id));
            return new UserChange(await users.FindByIdAsync(session, id, cancellationToken));
        }, cancellationToken);
    }

    /// <summary>
    /// Deletes the user and applies the on-delete behaviour of every relation that points at it (restrict refuses,
    /// cascade deletes, set null clears), all in one transaction, with record hooks seeing <paramref name="actor"/>.
    /// </summary>
    public async Task<UserChange> DeleteAsync(string id, EventActor actor, CancellationToken cancellationToken)
    {
        try
        {
            return await database.WriteAsync(async session =>
            {
                await session.Dialect.LockAsync(session, UserStore.AdminSetLockKey, cancellationToken);
                var user = await users.FindByIdAsync(session, id, cancellationToken);
                if (user is null)
                {
                    return UserChange.Failed(StatusCodes.Status404NotFound, $"User '{id}' not found.");
                }

                if (user.Role == FastCmsRoles.Admin && await users.CountAdminsAsync(session, cancellationToken) <= 1)
                {
                    return UserChange.Failed(StatusCodes.Status409Conflict, "This is the last admin and cannot be deleted.");
                }

                await records.OnUserDeletingAsync(session, id, actor, cancellationToken);
                await users.DeleteAsync(session, id, cancellationToken);
                session.OnCommitted(() => tokenVersions.Invalidate(id));
                return new UserChange(user);
            }, cancellationToken);
        }
        catch (RecordProblemException e)
        {
            return UserChange.Failed(e.Status, e.Message);
        }
        catch (RecordRejectedException e)
        {
            return UserChange.Failed(StatusCodes.Status400BadRequest, e.Message);
        }
    }
}
