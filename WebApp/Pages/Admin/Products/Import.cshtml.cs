using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WebApp.Admin;

namespace WebApp.Pages.Admin.Products;

/// <summary>
/// The upload form. The file is checked here (size, encoding, header) so a wrong file is refused on the form at once;
/// the rows are then checked and applied by a background import whose page shows its progress.
/// The form is read by hand, after the size check: the automatic antiforgery check would read an oversized body first
/// and fail with a bare 413 or 400 instead of saying what was wrong.
/// </summary>
[IgnoreAntiforgeryToken]
[RequestSizeLimit(ProductImport.MaxFileBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = ProductImport.MaxFileBytes + 1024 * 1024)]
public sealed class ImportModel(ProductImports imports, IAntiforgery antiforgery, ILogger<ImportModel> logger) : PageModel
{
    public string? Problem { get; private set; }

    public bool Busy => imports.IsBusy;
    public ProductImportJob? Running => imports.Running;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Request.ContentLength > ProductImport.MaxFileBytes + 1024 * 1024) return Refuse(ProductImport.TooLarge, StatusCodes.Status413PayloadTooLarge);
        IFormCollection form;
        try
        {
            form = await Request.ReadFormAsync(ct);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or InvalidDataException or IOException)
        {
            logger.LogWarning(ex, "Product import upload could not be read");
            return Refuse(ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } or InvalidDataException
                ? ProductImport.TooLarge : "The upload did not arrive whole. Try again.", StatusCodes.Status400BadRequest);
        }
        try
        {
            await antiforgery.ValidateRequestAsync(HttpContext);
        }
        catch (AntiforgeryValidationException)
        {
            return Refuse("This form expired. Choose the file and upload it again.", StatusCodes.Status400BadRequest);
        }

        var upload = form.Files.GetFile("file");
        if (upload is null) return Refuse("Choose a CSV file to import.", StatusCodes.Status400BadRequest);
        if (upload.Length == 0) return Refuse("That file is empty: choose a CSV file with a header row and a row per product.", StatusCodes.Status400BadRequest);
        if (upload.Length > ProductImport.MaxFileBytes) return Refuse(ProductImport.TooLarge, StatusCodes.Status413PayloadTooLarge);
        if (imports.IsBusy) return Refuse("Another import is running. Wait for it to finish, then upload this file.", StatusCodes.Status409Conflict);

        var path = Path.Combine(Path.GetTempPath(), $"webapp-import-{Guid.NewGuid():N}.csv");
        string? problem;
        await using (var stream = upload.OpenReadStream())
        {
            problem = await ProductImport.SaveCheckedAsync(stream, path, ct);
        }
        var setsStock = string.Equals(form["setStock"], "true", StringComparison.Ordinal);
        // The file's name goes into the page, the audit log and each stock adjustment's reason: none of the characters
        // the store's fields refuse (a name with U+202E and a bell got in, an outside review, session 45).
        var fileName = new string([.. Path.GetFileName(upload.FileName).Where(c => !WebApp.Checkout.PlainTextAttribute.IsRefused(c))]);
        var job = problem is null ? imports.Start(User, path, fileName.Length > 0 ? fileName : "products.csv", setsStock) : null;
        if (job is null)
        {
            System.IO.File.Delete(path);
            return Refuse(problem ?? "Another import is running. Wait for it to finish, then upload this file.", problem is null ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest);
        }
        return Redirect($"/admin/products/import/{job.Id}");
    }

    private PageResult Refuse(string message, int status)
    {
        Problem = message;
        Response.StatusCode = status;
        return Page();
    }
}
