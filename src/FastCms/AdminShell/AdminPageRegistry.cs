using System.Collections.Immutable;

namespace FastCms.AdminShell;

/// <summary>A sidebar entry of the admin UI contributed by a plugin (or a hook script).</summary>
/// <param name="NavId">Unique across the whole admin; marks the entry as active.</param>
/// <param name="Label">Text of the entry.</param>
/// <param name="Icon">A Font Awesome class such as <c>fa-star</c>.</param>
/// <param name="Url">Where the entry links to, usually <c>/admin/plugins/{id}/…</c>.</param>
/// <param name="Owner">The plugin id that added it.</param>
internal sealed record AdminPage(string NavId, string Label, string Icon, string Url, string Owner);

/// <summary>The admin sidebar entries added by plugins, in registration order.</summary>
internal sealed class AdminPageRegistry
{
    private readonly Lock _gate = new();
    private ImmutableArray<AdminPage> _pages = [];

    public ImmutableArray<AdminPage> Pages => _pages;

    /// <summary>Adds pages together; fails (adding none) when a nav id is already taken, naming its owner.</summary>
    public bool TryAddRange(IReadOnlyCollection<AdminPage> pages, out string? conflict)
    {
        lock (_gate)
        {
            foreach (var page in pages)
            {
                var taken = _pages.FirstOrDefault(p => p.NavId == page.NavId)
                    ?? pages.FirstOrDefault(p => !ReferenceEquals(p, page) && p.NavId == page.NavId);
                if (taken is not null)
                {
                    conflict = $"Admin page nav id '{page.NavId}' is already used by '{taken.Owner}'.";
                    return false;
                }
            }

            _pages = _pages.AddRange(pages);
            conflict = null;
            return true;
        }
    }

    public void RemoveOwner(string owner)
    {
        lock (_gate)
        {
            _pages = _pages.RemoveAll(p => p.Owner == owner);
        }
    }
}
