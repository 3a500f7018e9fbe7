using System.Security.Claims;
using System.Text.Json.Nodes;
using FastCms.Events;
using FastCms.Plugins;

namespace FastCms.Records;

/// <summary>The <see cref="IRecords"/> plugins and hook scripts use: the record service, with its errors as <see cref="RecordsException"/>.</summary>
internal sealed class PluginRecords(RecordService service) : IRecords
{
    public IRecordStore System { get; } = new Store(service, _ => RecordCaller.System);

    public IRecordStore For(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.GetUserId() is { } id
            ? new Store(service, method => RecordCaller.User(id, user.FindFirstValue(FastCmsClaims.Role) ?? FastCmsRoles.User, user.FindFirstValue(FastCmsClaims.Email), method))
            : new Store(service, _ => RecordCaller.Anonymous);
    }

    private sealed class Store(RecordService service, Func<string, RecordCaller> caller) : IRecordStore
    {
        public Task<JsonObject?> GetAsync(string collection, string id, CancellationToken cancellationToken = default) =>
            Call(async () => await service.GetAsync(caller("GET"), collection, id, cancellationToken) is { } view ? Json(view) : null);

        public Task<RecordList> ListAsync(string collection, RecordListQuery? query = null, CancellationToken cancellationToken = default) =>
            Call(async () =>
            {
                var q = query ?? new RecordListQuery();
                var page = await service.ListAsync(caller("GET"), collection, new ListOptions(q.Page, q.PerPage, q.Filter, q.Sort, q.Fields, q.Expand, q.SkipTotal), cancellationToken);
                var system = caller("GET").IsSystem && q.Fields is null;
                return new RecordList([.. page.Items.Select(view => Flat(view, system))], page.Page, page.PerPage, page.Total);
            });

        public Task<JsonObject> CreateAsync(string collection, JsonObject data, CancellationToken cancellationToken = default) =>
            Call(async () => Json(await service.CreateAsync(caller("POST"), collection, data, cancellationToken)));

        public Task<JsonObject?> UpdateAsync(string collection, string id, JsonObject data, CancellationToken cancellationToken = default) =>
            Call(async () => await service.UpdateAsync(caller("PATCH"), collection, id, data, cancellationToken) is { } view ? Json(view) : null);

        public Task<bool> DeleteAsync(string collection, string id, CancellationToken cancellationToken = default) =>
            Call(() => service.DeleteAsync(caller("DELETE"), collection, id, cancellationToken));

        private JsonObject Json(RecordView view) => Flat(view, caller("GET").IsSystem);

        /// <summary>
        /// The flat form (<c>id</c>, <c>created</c>, <c>updated</c>, the fields, <c>expand</c>) with exactly what the
        /// records API would show: the listed <c>fields</c> and the expanded relations. The host acting on its own
        /// sees hidden fields too, unless it chose the fields.
        /// </summary>
        private static JsonObject Flat(RecordView view, bool allFields)
        {
            var json = new JsonObject { ["id"] = view.Id };
            if (view.Withheld)
            {
                return json;
            }

            var projection = view.Projection;
            if (projection.Created || allFields)
            {
                json["created"] = FieldValues.Timestamp(view.Created);
            }

            if (projection.Updated || allFields)
            {
                json["updated"] = FieldValues.Timestamp(view.Updated);
            }

            var collection = view.Collection;
            foreach (var i in allFields ? collection.AllFields : projection.Fields)
            {
                json[collection.Fields[i].Name] = FieldValues.ToNode(collection.Fields[i], view.Values[i]);
            }

            if (view.Expand is { Count: > 0 } expand)
            {
                var expanded = new JsonObject();
                foreach (var (name, related) in expand)
                {
                    expanded[name] = related is RecordView single
                        ? Flat(single, false)
                        : new JsonArray([.. ((List<RecordView>)related).Select(JsonNode (item) => Flat(item, false))]);
                }

                json["expand"] = expanded;
            }

            return json;
        }

        private static async Task<T> Call<T>(Func<Task<T>> call)
        {
            try
            {
                return await call();
            }
            catch (RecordProblemException e)
            {
                throw new RecordsException(e.Status, e.Message);
            }
            catch (RecordValidationException e)
            {
                throw new RecordsException(StatusCodes.Status400BadRequest, e.Message, e.Errors.ToDictionary());
            }
            catch (InvalidQueryException e)
            {
                throw new RecordsException(StatusCodes.Status400BadRequest, $"Invalid {e.Parameter}: {e.Message}");
            }
            catch (HookFailedException e)
            {
                throw new RecordsException(StatusCodes.Status500InternalServerError, e.Message);
            }
        }
    }
}
