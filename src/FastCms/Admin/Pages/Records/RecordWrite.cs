using FastCms.AdminShell;
using FastCms.Events;
using FastCms.Plugins.Events;
using FastCms.Records;

namespace FastCms.Admin.Pages.Records;

/// <summary>What a create, update or delete through the records service came to, for a page to show.</summary>
/// <param name="Succeeded">The write happened.</param>
/// <param name="Errors">Field errors of the records service's checks.</param>
/// <param name="Problem">Why the write was refused as a whole: a hook's rejection, a conflict, a failing hook.</param>
/// <param name="Status">The HTTP status the API would answer with.</param>
internal sealed record RecordWrite(bool Succeeded, FormErrors Errors, string? Problem, int Status)
{
    /// <summary>
    /// Runs a write and turns the records service's exceptions into what the page shows, with the same statuses as
    /// the API. A missing record or collection is not caught: the page answers 404.
    /// </summary>
    public static async Task<RecordWrite> RunAsync(Func<Task<bool>> write, string requestId, FormErrors? inputErrors = null)
    {
        var errors = inputErrors ?? new FormErrors();
        if (errors.Any)
        {
            return new RecordWrite(false, errors, null, StatusCodes.Status400BadRequest);
        }

        try
        {
            return await write() ? new RecordWrite(true, errors, null, StatusCodes.Status200OK) : new RecordWrite(false, errors, null, StatusCodes.Status404NotFound);
        }
        catch (RecordValidationException e)
        {
            errors.AddRange(e.Errors);
            return new RecordWrite(false, errors, null, StatusCodes.Status400BadRequest);
        }
        catch (RecordRejectedException e)
        {
            return new RecordWrite(false, errors, $"Rejected: {e.Message}", StatusCodes.Status400BadRequest);
        }
        catch (RecordProblemException e) when (e.Status != StatusCodes.Status404NotFound)
        {
            return new RecordWrite(false, errors, e.Message, e.Status);
        }
        catch (HookFailedException e)
        {
            return new RecordWrite(false, errors,
                $"A before-hook of '{e.Owner}' failed, so nothing was written. Request id {requestId} identifies the error in the server log.",
                StatusCodes.Status500InternalServerError);
        }
        catch (HookRecursionException e)
        {
            return new RecordWrite(false, errors, $"{e.Message} Request id: {requestId}.", StatusCodes.Status500InternalServerError);
        }
    }
}
