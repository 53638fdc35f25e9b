using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using WebApp.Api;
using WebApp.Data;

namespace WebApp.Catalog;

/// <summary>
/// Where uploaded product photos live (<c>Media:Directory</c>, relative to the content root; <c>App_Data/media</c> by
/// default, never under wwwroot) and the endpoint that serves them. Names are random and never reused, so an active
/// product's photo is cached for a year; nosniff (set for every response) stops a browser from guessing another type.
/// </summary>
public sealed partial class MediaFiles(IConfiguration configuration, IWebHostEnvironment environment)
{
    public string Directory { get; } = Path.GetFullPath(Path.Combine(environment.ContentRootPath, configuration["Media:Directory"] ?? "App_Data/media"));

    public static string UrlFor(string fileName) => $"/media/{fileName}";

    public static string NewName(string extension) => Guid.NewGuid().ToString("N") + extension;

    /// <summary>The full path of a stored file, or null for any name this store would not have made.</summary>
    public string? PathOf(string fileName) => StoredName().IsMatch(fileName) ? Path.Combine(Directory, fileName) : null;

    [GeneratedRegex(@"^[0-9a-f]{32}\.(png|jpg|webp)$")]
    private static partial Regex StoredName();

    private static string ContentTypeOf(string fileName) => Path.GetExtension(fileName) switch
    {
        ".png" => "image/png",
        ".jpg" => "image/jpeg",
        _ => "image/webp",
    };

    public static IEndpointRouteBuilder MapMedia(IEndpointRouteBuilder app)
    {
        app.MapGet("/media/{file}", async (string file, MediaFiles media, StoreDbContext db, HttpContext http, CancellationToken ct) =>
        {
            var path = media.PathOf(file);
            if (path is null) return Results.NotFound();
            // A hidden product's photo as its drawn picture (ProductImage): only admins see it, and nobody caches it. It
            // was served to anyone and cached for a year (an outside review, session 51).
            var active = await db.ProductPhotos.AsNoTracking().Where(p => p.FileName == file)
                .Join(db.Products, p => p.ProductId, product => product.Id, (_, product) => (bool?)product.IsActive)
                .FirstOrDefaultAsync(ct);
            if (active is null || !File.Exists(path) || (active == false && !http.User.IsInRole(WebApp.Accounts.Roles.Admin))) return Results.NotFound();
            http.Response.Headers.CacheControl = active == true ? "public, max-age=31536000, immutable" : "private, no-store";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(path, ContentTypeOf(file));
        }).AnswerHead();
        return app;
    }
}
