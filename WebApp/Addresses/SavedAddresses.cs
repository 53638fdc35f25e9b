using Microsoft.EntityFrameworkCore;
using WebApp.Data;

namespace WebApp.Addresses;

/// <summary>
/// A customer's saved delivery addresses: remembered when they order, newest first, at most <see cref="Limit"/> each.
/// Every read and delete is by owner as well as id, so another customer's id finds nothing.
/// </summary>
public sealed class SavedAddresses(StoreDbContext db, TimeProvider clock)
{
    public const int Limit = 10;

    /// <summary>
    /// Marks <paramref name="address"/> as the customer's latest: the same address again only moves it to the top. Adds
    /// to the caller's unit of work (the checkout saves it with the order, so there is never one without the other).
    /// </summary>
    public async Task RememberAsync(string userId, PostalAddress address, string phone, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var same = await db.SavedAddresses.FirstOrDefaultAsync(a => a.UserId == userId && a.FullName == address.FullName && a.Line1 == address.Line1
            && a.Line2 == address.Line2 && a.City == address.City && a.Region == address.Region && a.PostalCode == address.PostalCode
            && a.Country == address.Country && a.Phone == phone, ct);
        if (same is not null)
        {
            same.LastUsedAt = now;
            return;
        }
        db.SavedAddresses.Add(new SavedAddress
        {
            UserId = userId, FullName = address.FullName, Line1 = address.Line1, Line2 = address.Line2, City = address.City,
            Region = address.Region, PostalCode = address.PostalCode, Country = address.Country, Phone = phone, LastUsedAt = now,
        });
        var oldest = await db.SavedAddresses.Where(a => a.UserId == userId).OrderByDescending(a => a.LastUsedAt).ThenByDescending(a => a.Id)
            .Skip(Limit - 1).ToListAsync(ct);
        db.SavedAddresses.RemoveRange(oldest);
    }

    public Task<List<SavedAddress>> ListAsync(string userId, CancellationToken ct) =>
        db.SavedAddresses.AsNoTracking().Where(a => a.UserId == userId).OrderByDescending(a => a.LastUsedAt).ThenByDescending(a => a.Id).ToListAsync(ct);

    public Task<SavedAddress?> FindAsync(string userId, int id, CancellationToken ct) =>
        db.SavedAddresses.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.UserId == userId, ct);

    /// <returns>False when the customer has no address with that id (someone else's counts as none).</returns>
    public async Task<bool> DeleteAsync(string userId, int id, CancellationToken ct) =>
        await db.SavedAddresses.Where(a => a.Id == id && a.UserId == userId).ExecuteDeleteAsync(ct) > 0;
}
