using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Admin;

/// <summary>Product photos: only real pictures are kept, they are served safely, and the primary one replaces the drawing.</summary>
public sealed class AdminPhotoTests(AdminStore store) : IClassFixture<AdminStore>
{
    public static byte[] Png(int width, int height) => Encode(width, height, SKEncodedImageFormat.Png);

    public static byte[] Encode(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(new SKColor(200, 60, 40));
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>Posts the edit page's upload form with <paramref name="bytes"/> as its file, as a browser would.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, int productId, byte[] bytes, string fileName, string contentType = "image/png")
    {
        var page = await client.GetDocumentAsync($"/admin/products/{productId}/edit");
        var form = (IHtmlFormElement)page.QuerySelector("[data-testid=photo-upload]")!;
        var content = new MultipartFormDataContent
        {
            { new StringContent(((IHtmlInputElement)form["__RequestVerificationToken"]!).Value), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        // No file chosen: a browser sends the part with an empty file name, which Add refuses to write.
        if (fileName.Length == 0)
        {
            file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"Photo\"", FileName = "\"\"" };
            content.Add(file);
        }
        else content.Add(file, "Photo", fileName);
        return await client.PostAsync(form.Action, content);
    }

    private async Task<List<ProductPhoto>> PhotosAsync(int productId)
    {
        using var scope = store.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().ProductPhotos.AsNoTracking().Where(p => p.ProductId == productId).OrderBy(p => p.Id).ToListAsync();
    }

    private async Task<Product> ProductAsync(int n)
    {
        using var scope = store.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Products.AsNoTracking().Where(p => p.IsActive).OrderByDescending(p => p.Id).Skip(n).FirstAsync();
    }

    /// <summary>PNG's chunk checksum, so a hand-edited header is still a well-formed chunk.</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    private static string? Error(AngleSharp.Dom.IParentNode page) => page.QuerySelector("[data-testid=photo-error]")?.TextContent;

    [Fact]
    public async Task Png_jpeg_and_webp_are_stored_re_encoded_and_served_with_their_type_nosniff_and_long_caching()
    {
        var admin = await store.AdminClientAsync();
        var product = await ProductAsync(0);
        foreach (var (format, type) in new[] { (SKEncodedImageFormat.Png, "image/png"), (SKEncodedImageFormat.Jpeg, "image/jpeg"), (SKEncodedImageFormat.Webp, "image/webp") })
        {
            // The name and the declared type are ignored: only the bytes count.
            var response = await UploadAsync(admin, product.Id, Encode(64, 48, format), "photo.bin", "application/octet-stream");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(Error(await Html.GetDocumentAsync(response)));
        }
        var photos = await PhotosAsync(product.Id);
        Assert.Equal(["image/png", "image/jpeg", "image/webp"], photos.Select(p => p.ContentType));
        Assert.Equal([true, false, false], photos.Select(p => p.IsPrimary));
        Assert.All(photos, p => Assert.Equal((64, 48), (p.Width, p.Height)));
        Assert.All(photos, p => Assert.Matches("^[0-9a-f]{32}\\.(png|jpg|webp)$", p.FileName));
        Assert.All(photos, p => Assert.True(File.Exists(Path.Combine(store.MediaDirectory, p.FileName))));

        var client = store.CreateClient();
        foreach (var photo in photos)
        {
            var served = await client.GetAsync(MediaFiles.UrlFor(photo.FileName));
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal(photo.ContentType, served.Content.Headers.ContentType!.MediaType);
            Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("public, max-age=31536000, immutable", served.Headers.CacheControl!.ToString());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/media/..%2Fstore.db")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/media/" + Guid.NewGuid().ToString("N") + ".png")).StatusCode);
    }

    [Fact]
    public async Task Text_named_png_a_gif_html_mix_a_huge_canvas_and_an_oversized_file_are_refused_with_a_message()
    {
        var admin = await store.AdminClientAsync();
        var product = await ProductAsync(1);
        var gifHtml = Encoding.ASCII.GetBytes("GIF89a<html><script>alert(1)</script></html>");
        var truncated = Png(300, 300)[..60];
        // A PNG header claiming 20000 x 20000 pixels: refused from the header, before any decoding.
        var huge = Png(1, 1);
        huge[16] = 0; huge[17] = 0; huge[18] = 0x4E; huge[19] = 0x20;
        huge[20] = 0; huge[21] = 0; huge[22] = 0x4E; huge[23] = 0x20;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(huge.AsSpan(29), Crc32(huge.AsSpan(12, 17)));
        var oversized = new byte[PhotoCheck.MaxBytes + 1];
        Png(10, 10).CopyTo(oversized, 0);
        (byte[] Bytes, string Name, string Message)[] cases =
        [
            ("<html><body>not a picture</body></html>"u8.ToArray(), "fake.png", "not a PNG, JPEG or WebP"),
            (gifHtml, "polyglot.gif", "not a PNG, JPEG or WebP"),
            (truncated, "cut.png", "picture"),
            (huge, "huge.png", "8,000 pixels"),
            (oversized, "big.png", "at most 5 MB"),
            // A file chosen but empty was told to choose one (an outside review, session 53); none chosen still is.
            ([], "empty.png", "That file is empty (0 bytes)"),
            ([], "", "Choose a photo to upload."),
        ];
        foreach (var (bytes, name, message) in cases)
        {
            var response = await UploadAsync(admin, product.Id, bytes, name);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await Html.GetDocumentAsync(response);
            Assert.Contains(message, Error(page) ?? $"(no message for {name})", StringComparison.Ordinal);
            // The field says it was refused, as every other form's do (an outside review, session 44).
            Assert.Equal("true", page.GetElementById("Photo")!.GetAttribute("aria-invalid"));
        }
        Assert.Empty(await PhotosAsync(product.Id));
        Assert.False(Directory.Exists(store.MediaDirectory) && Directory.GetFiles(store.MediaDirectory).Any(f => new FileInfo(f).Length > PhotoCheck.MaxBytes));

        // Far past the limit the server stops reading: a clear page, never a 5xx.
        var tooLarge = await UploadAsync(admin, product.Id, new byte[PhotoCheck.MaxBytes * 5], "huge.png");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("too large", (await Html.GetDocumentAsync(tooLarge)).QuerySelector("h1")!.TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_picture_with_html_after_it_is_stored_without_the_html()
    {
        var admin = await store.AdminClientAsync();
        var product = await ProductAsync(2);
        var polyglot = Png(16, 16).Concat("<html><script>alert(document.cookie)</script></html>"u8.ToArray()).ToArray();
        Assert.Null(Error(await Html.GetDocumentAsync(await UploadAsync(admin, product.Id, polyglot, "photo.png"))));

        var photo = Assert.Single(await PhotosAsync(product.Id));
        var served = await store.CreateClient().GetByteArrayAsync(MediaFiles.UrlFor(photo.FileName));
        Assert.DoesNotContain("<script", Encoding.Latin1.GetString(served), StringComparison.OrdinalIgnoreCase);
        using var decoded = SKBitmap.Decode(served);
        Assert.Equal((16, 16), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task The_primary_photo_replaces_the_drawing_in_tiles_and_on_the_product_page()
    {
        var admin = await store.AdminClientAsync();
        var product = await ProductAsync(3);
        var shopper = store.CreateClient();
        var search = $"/search?q={Uri.EscapeDataString(product.Name)}";
        string TileImage(IHtmlDocument page) => page.QuerySelectorAll(".product-card").Single(c => Html.ProductIds(c).Contains(product.Id)).QuerySelector("img")!.GetAttribute("src")!;
        Assert.Contains("image.svg", TileImage(await shopper.GetDocumentAsync(search)), StringComparison.Ordinal);

        await UploadAsync(admin, product.Id, Png(40, 30), "a.png");
        await UploadAsync(admin, product.Id, Encode(40, 30, SKEncodedImageFormat.Jpeg), "b.jpg");
        var (first, second) = (await PhotosAsync(product.Id)) switch { var p => (p[0], p[1]) };
        Assert.Equal(MediaFiles.UrlFor(first.FileName), TileImage(await shopper.GetDocumentAsync(search)));
        Assert.Equal(MediaFiles.UrlFor(first.FileName), (await shopper.GetDocumentAsync(Product.UrlFor(product.Id, product.Slug))).QuerySelector(".product-image")!.GetAttribute("src"));

        var edit = await admin.GetDocumentAsync($"/admin/products/{product.Id}/edit");
        var makePrimary = (IHtmlFormElement)edit.QuerySelector($"[data-photo-id='{second.Id}'] form[action*=Primary]")!;
        await admin.SubmitAsync(makePrimary);
        Assert.Equal(MediaFiles.UrlFor(second.FileName), TileImage(await shopper.GetDocumentAsync(search)));
        Assert.Equal(MediaFiles.UrlFor(second.FileName), (await shopper.GetDocumentAsync(Product.UrlFor(product.Id, product.Slug))).QuerySelector(".product-image")!.GetAttribute("src"));

        edit = await admin.GetDocumentAsync($"/admin/products/{product.Id}/edit");
        await admin.SubmitAsync((IHtmlFormElement)edit.QuerySelector($"[data-photo-id='{second.Id}'] form[action*=Delete]")!);
        Assert.True((await PhotosAsync(product.Id)).Single().IsPrimary);
        Assert.False(File.Exists(Path.Combine(store.MediaDirectory, second.FileName)));
        Assert.Equal(MediaFiles.UrlFor(first.FileName), TileImage(await shopper.GetDocumentAsync(search)));

        // Another product's photo, or none: "Photo deleted." was said though nothing changed (an outside review, session 45).
        edit = await admin.GetDocumentAsync($"/admin/products/{product.Id}/edit");
        foreach (var handler in new[] { "Delete", "Primary" })
        {
            var elsewhere = (IHtmlFormElement)edit.QuerySelector($"[data-photo-id='{first.Id}'] form[action*=Delete]")!;
            elsewhere.Action = elsewhere.Action.Replace($"/products/{product.Id}/", $"/products/{product.Id + 1}/", StringComparison.Ordinal)
                .Replace("handler=Delete", "handler=" + handler, StringComparison.Ordinal);
            var refused = await Html.GetDocumentAsync(await admin.SubmitAsync(elsewhere));
            Assert.Contains("This product has no such photo: nothing was changed.", refused.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        }
        Assert.True((await PhotosAsync(product.Id)).Single().IsPrimary);

        edit = await admin.GetDocumentAsync($"/admin/products/{product.Id}/edit");
        await admin.SubmitAsync((IHtmlFormElement)edit.QuerySelector($"[data-photo-id='{first.Id}'] form[action*=Delete]")!);
        Assert.Contains("image.svg", TileImage(await shopper.GetDocumentAsync(search)), StringComparison.Ordinal);

        // The product's own trail lists its photo changes, in order (they were filed under photo ids alone; session 51's review).
        using var scope = store.Services.CreateScope();
        var key = product.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var trail = await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Set<WebApp.Admin.AuditEntry>().AsNoTracking()
            .Where(a => a.Entity == "Product" && a.EntityId == key && a.Field == "Photo").OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([("Photo added", null, first.FileName), ("Photo added", null, second.FileName), ("Primary photo", first.FileName, second.FileName),
            ("Photo deleted", second.FileName, null), ("Primary photo", second.FileName, first.FileName), ("Photo deleted", first.FileName, null)],
            trail.Select(a => (a.Action, a.OldValue, a.NewValue)));
        var shown = await admin.GetDocumentAsync($"/admin/audit?entity=Product&entityId={key}");
        Assert.Contains("Photo deleted", shown.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hidden_products_drawing_is_not_served_to_shoppers_but_is_to_admins()
    {
        // The drawing names the product, its brand and category: ids are easy to count through.
        int id;
        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            id = await db.Products.Where(p => p.IsActive).OrderBy(p => p.Id).Skip(41).Select(p => p.Id).FirstAsync();
            await db.Products.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false));
        }

        var anonymous = await store.CreateClient().GetAsync($"/products/{id}/image.svg");
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);

        var admin = await store.AdminClientAsync();
        var seen = await admin.GetAsync($"/products/{id}/image.svg");
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        Assert.Contains("no-store", seen.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Photo_writes_at_once_keep_one_primary_photo_and_answer_without_an_error()
    {
        // Read outside a transaction, a delete beside a "make primary" of the same photo left photos with none primary
        // (the drawing showed), and two deletes of one photo answered 500 (an outside review, session 51).
        var admin = await store.AdminClientAsync();
        var product = await ProductAsync(7);
        for (var round = 0; round < 6; round++)
        {
            while ((await PhotosAsync(product.Id)).Count < 3) await UploadAsync(admin, product.Id, Png(20 + round, 20), "p.png");
            var photos = await PhotosAsync(product.Id);
            var edit = await admin.GetDocumentAsync($"/admin/products/{product.Id}/edit");
            IHtmlFormElement Form(int photoId, string handler) => (IHtmlFormElement)edit.QuerySelector($"[data-photo-id='{photoId}'] form[action*={handler}]")!;
            // The primary one deleted beside another made primary, and a third deleted five times at once.
            var primary = photos.Single(p => p.IsPrimary);
            var others = photos.Where(p => !p.IsPrimary).ToList();
            var posts = new List<Task<HttpResponseMessage>>
            {
                admin.SubmitAsync(Form(primary.Id, "Delete")),
                admin.SubmitAsync(Form(others[0].Id, "Primary")),
                admin.SubmitAsync(Form(others[0].Id, "Delete")),
            };
            posts.AddRange(Enumerable.Range(0, 5).Select(_ => admin.SubmitAsync(Form(others[1].Id, "Delete"))));
            foreach (var response in await Task.WhenAll(posts)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            var left = await PhotosAsync(product.Id);
            Assert.Empty(left);
            // None left: the next upload is the primary one, at a place of its own.
            await UploadAsync(admin, product.Id, Png(30, 20), "q.png");
            Assert.True((await PhotosAsync(product.Id)).Single().IsPrimary);
        }

        // A photo deleted from the middle, another added: each keeps a place of its own, one is primary.
        await UploadAsync(admin, product.Id, Png(31, 20), "r.png");
        await UploadAsync(admin, product.Id, Png(32, 20), "s.png");
        var three = await PhotosAsync(product.Id);
        var page = await admin.GetDocumentAsync($"/admin/products/{product.Id}/edit");
        await admin.SubmitAsync((IHtmlFormElement)page.QuerySelector($"[data-photo-id='{three[1].Id}'] form[action*=Delete]")!);
        await UploadAsync(admin, product.Id, Png(33, 20), "t.png");
        var after = await PhotosAsync(product.Id);
        Assert.Equal(3, after.Select(p => p.SortOrder).Distinct().Count());
        // Numbered 1 to 3 as shown, not by stored place (it said "Photo 1" and "Photo 3"; session 51's fourth review).
        var panel = await admin.GetDocumentAsync($"/admin/products/{product.Id}/edit");
        Assert.Equal(["Photo 1 of", "Photo 2 of", "Photo 3 of"], panel.QuerySelectorAll("[data-photo-id] img").Select(i => string.Join(' ', i.GetAttribute("alt")!.Split(' ').Take(3))));
        Assert.Single(after, p => p.IsPrimary);
        // A photo under 1 KB is its bytes, not "0 KB" (session 51's review).
        var small = after.First(p => p.SizeBytes < 1024);
        Assert.Contains($"{small.SizeBytes} bytes", (await admin.GetDocumentAsync($"/admin/products/{product.Id}/edit")).QuerySelector($"[data-photo-id='{small.Id}']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(after.Max(p => p.SortOrder), after.Single(p => p.Id == after.Max(q => q.Id)).SortOrder);
    }

    [Fact]
    public async Task Deletes_and_primary_changes_at_once_leave_exactly_one_primary_photo()
    {
        var admin = await store.AdminClientAsync();
        var product = await ProductAsync(8);
        for (var round = 0; round < 6; round++)
        {
            while ((await PhotosAsync(product.Id)).Count < 3) await UploadAsync(admin, product.Id, Png(20 + round, 21), "p.png");
            var photos = await PhotosAsync(product.Id);
            var edit = await admin.GetDocumentAsync($"/admin/products/{product.Id}/edit");
            IHtmlFormElement Form(int photoId, string handler) => (IHtmlFormElement)edit.QuerySelector($"[data-photo-id='{photoId}'] form[action*={handler}]")!;
            // "Make primary" and "Delete" of the same photo at once, and the primary one deleted beside another.
            var target = photos.First(p => !p.IsPrimary);
            var primary = photos.Single(p => p.IsPrimary);
            var responses = await Task.WhenAll(
                admin.SubmitAsync(Form(target.Id, "Primary")), admin.SubmitAsync(Form(target.Id, "Delete")),
                admin.SubmitAsync(Form(primary.Id, "Delete")), admin.SubmitAsync(Form(target.Id, "Primary")));
            foreach (var response in responses) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var left = await PhotosAsync(product.Id);
            Assert.Single(left);
            Assert.True(left[0].IsPrimary, $"round {round}: the photo left is not primary");
        }
    }

    [Fact]
    public async Task A_hidden_products_photo_is_not_served_to_shoppers_but_is_to_admins()
    {
        // Served to anyone and cached for a year, where the drawing of the same product was a 404 (session 51's review).
        var admin = await store.AdminClientAsync();
        var product = await ProductAsync(9);
        await UploadAsync(admin, product.Id, Png(40, 30), "a.png");
        var url = MediaFiles.UrlFor((await PhotosAsync(product.Id)).Single().FileName);
        var shopper = store.CreateClient();
        var shown = await shopper.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("public", shown.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

        using (var scope = store.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Products.Where(p => p.Id == product.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await shopper.GetAsync(url)).StatusCode);
        var head = await shopper.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        var seen = await admin.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        Assert.Equal("image/png", seen.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-store", seen.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

        using (var scope = store.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Products.Where(p => p.Id == product.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, true));
        }
        Assert.Equal(HttpStatusCode.OK, (await shopper.GetAsync(url)).StatusCode);
    }
}
