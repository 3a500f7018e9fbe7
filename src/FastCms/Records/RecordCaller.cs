using System.Security.Claims;
using System.Text.Json.Nodes;
using FastCms.Plugins;
using FastCms.Plugins.Events;
using FastCms.Records.Query;

namespace FastCms.Records;

/// <summary>
/// Who a <see cref="RecordService"/> call acts for. A user (or anonymous caller) has the collection's access rules
/// applied; admins and <see cref="System"/> bypass them. The request parts feed <c>@request.*</c> in rules.
/// </summary>
internal sealed class RecordCaller
{
    private RecordCaller(string? userId, string? role, string? email, bool isSystem, EventActor actor, string method, IQueryCollection? query)
    {
        UserId = userId;
        Role = role;
        Email = email;
        IsSystem = isSystem;
        Actor = actor;
        Method = method;
        Query = query;
    }

    /// <summary>The host or a plugin acting on its own behalf: rules are bypassed, events name the system as actor.</summary>
    public static RecordCaller System { get; } = new(null, null, null, true, EventActor.System, "SYSTEM", null);

    public static RecordCaller Anonymous { get; } = new(null, null, null, false, EventActor.Anonymous, "GET", null);

    public string? UserId { get; }

    public string? Role { get; }

    public string? Email { get; }

    public bool IsSystem { get; }

    public bool IsAdmin => Role == FastCmsRoles.Admin;

    /// <summary>Admins and the system see and change everything; everyone else goes through the rules.</summary>
    public bool BypassesRules => IsSystem || IsAdmin;

    public EventActor Actor { get; }

    public string Method { get; }

    public IQueryCollection? Query { get; }

    /// <summary>A signed-in user; rules apply unless <paramref name="role"/> is <c>admin</c>.</summary>
    public static RecordCaller User(string userId, string role, string? email = null, string method = "GET", IQueryCollection? query = null) =>
        new(userId, role, email, false, new EventActor(userId, role), method, query);

    public static RecordCaller FromHttp(HttpContext http)
    {
        var principal = http.User;
        var request = http.Request;
        return principal.GetUserId() is { } id
            ? User(id, principal.FindFirstValue(FastCmsClaims.Role) ?? FastCmsRoles.User, principal.FindFirstValue(FastCmsClaims.Email), request.Method, request.Query)
            : new RecordCaller(null, null, null, false, EventActor.Anonymous, request.Method, request.Query);
    }

    /// <summary>Rules bypassed, events attributed to <paramref name="actor"/>: for writes made on someone's behalf.</summary>
    public static RecordCaller ActingFor(EventActor actor) => new(actor.UserId, actor.Role, null, true, actor, "SYSTEM", null);

    /// <summary>The same actor with rules bypassed: for writes the schema itself causes (cascading deletes, set-null).</summary>
    public RecordCaller Elevated() => BypassesRules ? this : new RecordCaller(UserId, Role, Email, true, Actor, Method, Query);

    public RequestValues Request(JsonObject? data) => new(UserId, Role, Email, Method, Query, data);
}
