using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebApp.Catalog;
using WebApp.Data;

namespace WebApp.Pages.Admin.Products;

/// <summary>
/// A product's photos: upload, make primary, delete. Its own page because size limits apply per page: the body may be
/// a little over <see cref="PhotoCheck.MaxBytes"/> so a too-large photo gets its message here, and anything far larger
/// is cut off by the server (413) before it is read.
/// </summary>
[RefuseLargeUpload(BodyLimit)]
[RequestSizeLimit(BodyLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = BodyLimit)]
public sealed class PhotosModel(StoreDbContext db, ProductPhotos photos) : PageModel
{
    private const long BodyLimit = PhotoCheck.MaxBytes * 4;

    public PhotoPanel Panel { get; private set; } = null!;

    public IActionResult OnGet(int id) => Redirect($"/admin/products/{id}/edit#photos");

    public async Task<IActionResult> OnPostAsync(int id, IFormFile? photo, CancellationToken ct)
    {
        if (!await db.Products.AnyAsync(p => p.Id == id, ct)) return NotFound();
        string? error;
        if (photo is null || (photo.Length == 0 && string.IsNullOrWhiteSpace(photo.FileName))) error = "Choose a photo to upload.";
        // A file chosen but empty was told to choose one (an outside review, session 53).
        else if (photo.Length == 0) error = "That file is empty (0 bytes): choose the photo itself.";
        else if (photo.Length > PhotoCheck.MaxBytes) error = $"That file is {photo.Length / 1024.0 / 1024.0:N1} MB; a photo can be at most {PhotoCheck.MaxBytes / 1024 / 1024} MB.";
        else
        {
            using var buffer = new MemoryStream((int)photo.Length);
            await photo.CopyToAsync(buffer, ct);
            error = await photos.AddAsync(id, buffer.ToArray(), User, ct);
        }
        if (error is null)
        {
            Flash.Set(TempData, "Photo added.");
            return Redirect($"/admin/products/{id}/edit#photos");
        }
        await LoadAsync(id, error, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPrimaryAsync(int id, int photoId, CancellationToken ct)
    {
        var done = await photos.SetPrimaryAsync(id, photoId, User, ct);
        Flash.Set(TempData, done ? "Primary photo changed." : NoSuchPhoto, isError: !done);
        return Redirect($"/admin/products/{id}/edit#photos");
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, int photoId, CancellationToken ct)
    {
        var done = await photos.DeleteAsync(id, photoId, User, ct);
        Flash.Set(TempData, done ? "Photo deleted." : NoSuchPhoto, isError: !done);
        return Redirect($"/admin/products/{id}/edit#photos");
    }

    // A photo of another product, or none: "Photo deleted." was said though nothing changed (an outside review, session 45).
    private const string NoSuchPhoto = "This product has no such photo: nothing was changed. Reload the page to see its photos.";

    private async Task LoadAsync(int id, string? error, CancellationToken ct)
    {
        var name = await db.Products.Where(p => p.Id == id).Select(p => p.Name).FirstAsync(ct);
        var list = await db.ProductPhotos.AsNoTracking().Where(p => p.ProductId == id).OrderBy(p => p.SortOrder).ThenBy(p => p.Id).ToListAsync(ct);
        Panel = new PhotoPanel(id, name, list, error);
    }
}
