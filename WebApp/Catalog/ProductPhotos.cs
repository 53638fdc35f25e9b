using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using WebApp.Admin;
using WebApp.Data;

namespace WebApp.Catalog;

/// <summary>
/// Adds, promotes and removes a product's photos. Each write is audited (the photo's row, and a line under the
/// product, so the product's own trail lists its photo changes: they were filed under photo ids alone, which an owner
/// looking at a product never sees; an outside review, session 51), and published as a change to that product so
/// tiles and product pages show the new primary photo at once.
/// </summary>
public sealed class ProductPhotos(StoreDbContext db, AdminAudit audit, MediaFiles media, ICatalogChanges changes, TimeProvider clock)
{
    public const int MaxPerProduct = 12;

    /// <summary>Stores a checked, re-encoded copy; the first photo of a product becomes its primary. Returns a message when refused.</summary>
    public async Task<string?> AddAsync(int productId, byte[] upload, ClaimsPrincipal admin, CancellationToken ct)
    {
        var checkedPhoto = PhotoCheck.Check(upload);
        if (checkedPhoto.Error is not null) return checkedPhoto.Error;

        var name = MediaFiles.NewName(checkedPhoto.Extension);
        Directory.CreateDirectory(media.Directory);
        var path = Path.Combine(media.Directory, name);
        await File.WriteAllBytesAsync(path, checkedPhoto.Bytes!, ct);
        try
        {
            // Each of these writes reads the product's photos and writes in one write transaction (SQLite's BEGIN
            // IMMEDIATE): read outside it, a delete beside a "make primary" left photos with none primary, two deletes
            // of one photo answered 500, and a photo added after a delete took a place already held (an outside review,
            // session 51).
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var photos = await db.ProductPhotos.Where(p => p.ProductId == productId).Select(p => new { p.IsPrimary, p.SortOrder }).ToListAsync(ct);
            if (photos.Count >= MaxPerProduct)
            {
                File.Delete(path);
                return $"A product can have at most {MaxPerProduct} photos; delete one first.";
            }
            db.ProductPhotos.Add(new ProductPhoto
            {
                ProductId = productId,
                FileName = name,
                ContentType = checkedPhoto.ContentType,
                Width = checkedPhoto.Width,
                Height = checkedPhoto.Height,
                SizeBytes = checkedPhoto.Bytes!.Length,
                IsPrimary = !photos.Any(p => p.IsPrimary),
                SortOrder = photos.Count == 0 ? 0 : photos.Max(p => p.SortOrder) + 1,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
            audit.Record(admin, "Photo added", nameof(Product), Key(productId), "Photo", null, name);
            await audit.SaveAsync(admin, ct);
            await tx.CommitAsync(ct);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        await changes.PublishAsync(CatalogChange.Products([productId]), ct);
        return null;
    }

    /// <returns>False when the product has no such photo (the page said "Primary photo changed." all the same).</returns>
    public async Task<bool> SetPrimaryAsync(int productId, int photoId, ClaimsPrincipal admin, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var photos = await db.ProductPhotos.Where(p => p.ProductId == productId).ToListAsync(ct);
        if (photos.All(p => p.Id != photoId)) return false;
        // Unset before set: the index allows one primary photo per product at any moment, statement by statement.
        var before = photos.FirstOrDefault(p => p.IsPrimary);
        if (before?.Id != photoId) audit.Record(admin, "Primary photo", nameof(Product), Key(productId), "Photo", before?.FileName, photos.Single(p => p.Id == photoId).FileName);
        foreach (var photo in photos.Where(p => p.IsPrimary && p.Id != photoId)) photo.IsPrimary = false;
        await audit.SaveAsync(admin, ct);
        photos.Single(p => p.Id == photoId).IsPrimary = true;
        await audit.SaveAsync(admin, ct);
        await tx.CommitAsync(ct);
        await changes.PublishAsync(CatalogChange.Products([productId]), ct);
        return true;
    }

    /// <returns>False when the product has no such photo (another admin's delete, a second click).</returns>
    public async Task<bool> DeleteAsync(int productId, int photoId, ClaimsPrincipal admin, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var photos = await db.ProductPhotos.Where(p => p.ProductId == productId).OrderBy(p => p.SortOrder).ThenBy(p => p.Id).ToListAsync(ct);
        var photo = photos.FirstOrDefault(p => p.Id == photoId);
        if (photo is null) return false;
        db.ProductPhotos.Remove(photo);
        audit.Record(admin, "Photo deleted", nameof(Product), Key(productId), "Photo", photo.FileName, null);
        await audit.SaveAsync(admin, ct);
        // A product with photos always has a primary one: the first left, when the deleted one was it.
        if (!photos.Any(p => p.Id != photoId && p.IsPrimary) && photos.FirstOrDefault(p => p.Id != photoId) is { } next)
        {
            // Said in the product's trail too: the storefront's picture changed (session 51's fourth review).
            audit.Record(admin, "Primary photo", nameof(Product), Key(productId), "Photo", photo.FileName, next.FileName);
            next.IsPrimary = true;
            await audit.SaveAsync(admin, ct);
        }
        await tx.CommitAsync(ct);
        if (media.PathOf(photo.FileName) is { } path) File.Delete(path);
        await changes.PublishAsync(CatalogChange.Products([productId]), ct);
        return true;
    }

    private static string Key(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
