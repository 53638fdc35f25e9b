using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using WebApp.Admin;
using WebApp.Data;

namespace WebApp.Catalog;

/// <summary>
/// Adds, promotes and removes a product's photos. Each write is audited, and published as a change to that product
/// so tiles and product pages show the new primary photo at once.
/// </summary>
public sealed class ProductPhotos(StoreDbContext db, AdminAudit audit, MediaFiles media, ICatalogChanges changes, TimeProvider clock)
{
    public const int MaxPerProduct = 12;

    /// <summary>Stores a checked, re-encoded copy; the first photo of a product becomes its primary. Returns a message when refused.</summary>
    public async Task<string?> AddAsync(int productId, byte[] upload, ClaimsPrincipal admin, CancellationToken ct)
    {
        var count = await db.ProductPhotos.CountAsync(p => p.ProductId == productId, ct);
        if (count >= MaxPerProduct) return $"A product can have at most {MaxPerProduct} photos; delete one first.";
        var checkedPhoto = PhotoCheck.Check(upload);
        if (checkedPhoto.Error is not null) return checkedPhoto.Error;

        var name = MediaFiles.NewName(checkedPhoto.Extension);
        Directory.CreateDirectory(media.Directory);
        var path = Path.Combine(media.Directory, name);
        await File.WriteAllBytesAsync(path, checkedPhoto.Bytes!, ct);
        try
        {
            db.ProductPhotos.Add(new ProductPhoto
            {
                ProductId = productId,
                FileName = name,
                ContentType = checkedPhoto.ContentType,
                Width = checkedPhoto.Width,
                Height = checkedPhoto.Height,
                SizeBytes = checkedPhoto.Bytes!.Length,
                IsPrimary = count == 0,
                SortOrder = count,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
            await audit.SaveAsync(admin, ct);
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
        var photos = await db.ProductPhotos.Where(p => p.ProductId == productId).ToListAsync(ct);
        if (photos.All(p => p.Id != photoId)) return false;
        foreach (var photo in photos) photo.IsPrimary = photo.Id == photoId;
        await audit.SaveAsync(admin, ct);
        await changes.PublishAsync(CatalogChange.Products([productId]), ct);
        return true;
    }

    /// <returns>False when the product has no such photo.</returns>
    public async Task<bool> DeleteAsync(int productId, int photoId, ClaimsPrincipal admin, CancellationToken ct)
    {
        var photos = await db.ProductPhotos.Where(p => p.ProductId == productId).OrderBy(p => p.SortOrder).ToListAsync(ct);
        var photo = photos.FirstOrDefault(p => p.Id == photoId);
        if (photo is null) return false;
        db.ProductPhotos.Remove(photo);
        // A product with photos always has a primary one.
        if (photo.IsPrimary && photos.FirstOrDefault(p => p.Id != photoId) is { } next) next.IsPrimary = true;
        await audit.SaveAsync(admin, ct);
        if (media.PathOf(photo.FileName) is { } path) File.Delete(path);
        await changes.PublishAsync(CatalogChange.Products([productId]), ct);
        return true;
    }
}
