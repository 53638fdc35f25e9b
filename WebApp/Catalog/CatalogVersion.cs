namespace WebApp.Catalog;

/// <summary>
/// A number that changes whenever the catalogue does. Cached search answers and product tiles carry it, so a change
/// makes every older one unreachable at once: nothing is ever stale and nothing needs clearing. Bumped by
/// <see cref="ICatalogChanges"/>, and by <see cref="WebApp.Search.SpellingVocabulary"/> when a rebuild after such a
/// change finds new or vanished words (answers cached meanwhile were corrected with the old words).
/// </summary>
public sealed class CatalogVersion
{
    private long _value = DateTime.UtcNow.Ticks;

    public long Current => Interlocked.Read(ref _value);

    public void Bump() => Interlocked.Increment(ref _value);
}
