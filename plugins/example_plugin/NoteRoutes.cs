using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExamplePlugin;

public sealed record NoteInput(string? Title, string? Body);

/// <summary>CRUD for notes under /api/v1/plugins/example/notes: anyone may read, signed-in users write their own.</summary>
public static class NoteRoutes
{
    public static void Map(RouteGroupBuilder api)
    {
        var notes = api.MapGroup("/notes");
        notes.MapGet("/", List);
        notes.MapGet("/{id}", Get);
        notes.MapPost("/", Create).RequireAuth();
        notes.MapPatch("/{id}", Update).RequireAuth();
        notes.MapDelete("/{id}", Delete).RequireAuth();
    }

    private static async Task<Ok<List<Note>>> List(ExampleDb db, CancellationToken ct) =>
        TypedResults.Ok(await db.Notes.OrderByDescending(n => n.Created).ThenBy(n => n.Id).Take(100).ToListAsync(ct));

    private static async Task<Results<Ok<Note>, NotFound>> Get(string id, ExampleDb db, CancellationToken ct) =>
        await db.Notes.FindAsync([id], ct) is { } note ? TypedResults.Ok(note) : TypedResults.NotFound();

    private static async Task<Results<Created<Note>, ValidationProblem>> Create(NoteInput input, ClaimsPrincipal user, ExampleDb db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.Title))
        {
            return TitleRequired();
        }

        var note = new Note { Title = input.Title.Trim(), Body = input.Body ?? "", OwnerId = user.GetUserId()! };
        db.Notes.Add(note);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/plugins/example/notes/{note.Id}", note);
    }

    private static async Task<Results<Ok<Note>, NotFound, ForbidHttpResult, ValidationProblem>> Update(
        string id, NoteInput input, ClaimsPrincipal user, ExampleDb db, CancellationToken ct)
    {
        if (await db.Notes.FindAsync([id], ct) is not { } note)
        {
            return TypedResults.NotFound();
        }

        if (note.OwnerId != user.GetUserId() && !user.IsAdmin())
        {
            return TypedResults.Forbid();
        }

        if (input.Title is { } title)
        {
            if (string.IsNullOrWhiteSpace(title))
            {
                return TitleRequired();
            }

            note.Title = title.Trim();
        }

        note.Body = input.Body ?? note.Body;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(note);
    }

    private static async Task<Results<NoContent, NotFound, ForbidHttpResult>> Delete(string id, ClaimsPrincipal user, ExampleDb db, CancellationToken ct)
    {
        if (await db.Notes.FindAsync([id], ct) is not { } note)
        {
            return TypedResults.NotFound();
        }

        if (note.OwnerId != user.GetUserId() && !user.IsAdmin())
        {
            return TypedResults.Forbid();
        }

        db.Notes.Remove(note);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static ValidationProblem TitleRequired() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["title"] = ["A note needs a title."] });
}
