using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebApp.Admin;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Orders;

namespace WebApp.Pages.Admin.Products;

/// <summary>
/// Creating (<c>/admin/products/new</c>) and editing (<c>/admin/products/{id}/edit</c>) a product: one model behind
/// both pages. The field rules are <see cref="ProductDraft"/>'s; what needs the database (the SKU is free, the category
/// is a leaf, the brand exists) is checked here. Saves go through <see cref="AdminAudit"/>, and the form's version is
/// the concurrency token, so a second admin saving an older form gets both versions side by side, never an overwrite.
/// Stock is not a field of an existing product: it moves only by adjustment (<see cref="Inventory.AdjustAsync"/>),
/// so an edit can never write back a stock count that orders have changed since.
/// </summary>
public sealed class EditModel(StoreDbContext db, CategoryTree tree, AdminAudit audit, Inventory inventory) : PageModel
{
    public const int ReasonMaxLength = 200;

    [BindProperty] public ProductInput Input { get; set; } = new();

    [BindProperty, Display(Name = "Change (+ or -)")] public string? Delta { get; set; }
    [BindProperty, Display(Name = "Reason")] public string? Reason { get; set; }

    public int? ProductId { get; private set; }
    public Product? Current { get; private set; }
    public List<ProductPhoto> Photos { get; private set; } = [];
    public List<StockAdjustment> Adjustments { get; private set; } = [];
    public List<CategoryNode> Leaves { get; private set; } = [];
    public List<(int Id, string Name)> Brands { get; private set; } = [];

    /// <summary>The conflict is shown because the form's hidden version could not be read, not because another admin saved.</summary>
    public bool VersionUnreadable { get; private set; }

    /// <summary>Set when the save met a newer version: the saved product, field by field against what this admin typed.</summary>
    public List<(string Field, string Theirs, string Yours, bool Changes)>? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (id is { } productId)
        {
            var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == productId, ct);
            if (product is null) return NotFound();
            Input = ProductInput.From(product);
        }
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        Product? product = null;
        if (id is { } productId)
        {
            product = await db.Products.FirstOrDefaultAsync(p => p.Id == productId, ct);
            if (product is null) return NotFound();
            Input.Stock = product.Stock.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        // The hidden version altered by hand ("abc") was refused with no message anywhere on the page: the form cannot
        // say which save it was made from, so it is shown as a conflict with the saved product, as when another admin
        // saved first. A new product has no version to check.
        if (ModelState.TryGetValue($"{nameof(Input)}.{nameof(ProductInput.Version)}", out var version) && version.Errors.Count > 0)
        {
            if (product is null) ModelState.Remove($"{nameof(Input)}.{nameof(ProductInput.Version)}");
            else
            {
                VersionUnreadable = true;
                await ShowConflictAsync(product.Id, ct);
                return Page();
            }
        }
        var (errors, priceCents, stock) = Input.ToDraft().Check();
        foreach (var (field, message) in errors) ModelState.AddModelError($"{nameof(Input)}.{field}", message);
        var sku = ProductDraft.Stored(Input.Sku);
        if (!errors.ContainsKey(nameof(ProductDraft.Sku)) && await db.Products.AnyAsync(p => p.Sku == sku && p.Id != (id ?? 0), ct))
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(ProductInput.Sku)}", "Another product already has this SKU.");
        }
        var categories = await tree.GetAsync();
        var category = Input.CategoryId is { } c ? categories.ById.GetValueOrDefault(c) : null;
        if (category is null || category.Children.Count > 0)
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(ProductInput.CategoryId)}", "Choose a category.");
        }
        var newBrand = Input.NewBrand?.Trim();
        Brand? brand = null;
        if (!string.IsNullOrEmpty(newBrand))
        {
            var slug = Slug.From(newBrand);
            if (newBrand.Length > 100 || slug.Length == 0) ModelState.AddModelError($"{nameof(Input)}.{nameof(ProductInput.NewBrand)}", "A brand name has 1 to 100 characters and at least one letter or digit.");
            else if (newBrand.Any(WebApp.Checkout.PlainTextAttribute.IsRefused)) ModelState.AddModelError($"{nameof(Input)}.{nameof(ProductInput.NewBrand)}", ProductDraft.PlainTextMessage);
            else brand = await db.Brands.FirstOrDefaultAsync(b => b.Slug == slug, ct) ?? new Brand { Name = newBrand, Slug = slug };
        }
        else if (Input.BrandId is not { } brandId || !await db.Brands.AnyAsync(b => b.Id == brandId, ct))
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(ProductInput.BrandId)}", "Choose a brand, or type a new one.");
        }
        // The price box and the checkboxes bind as text and bool: only the rules above speak about them.
        foreach (var key in new[] { "Delta", "Reason" }) ModelState.Remove(key);
        if (!ModelState.IsValid)
        {
            await LoadAsync(id, ct);
            return Page();
        }

        var now = DateTime.UtcNow;
        if (product is null)
        {
            product = new Product { Sku = sku, Name = "", Slug = "", Description = "", CreatedAt = now, Version = 1 };
            db.Products.Add(product);
        }
        else
        {
            // The version the admin saw is what the save is checked against (the [ConcurrencyCheck] on Version).
            db.Entry(product).Property(p => p.Version).OriginalValue = Input.Version;
            product.Version = Input.Version + 1;
        }
        product.Sku = sku;
        product.Name = Input.Name!.Trim();
        product.Slug = Slug.From(product.Name);
        product.Description = Input.Description?.Trim() ?? "";
        product.PriceCents = priceCents;
        if (id is null) product.Stock = stock;
        product.IsActive = Input.IsActive;
        product.CategoryId = category!.Id;
        product.DepartmentId = category.PathFromRoot().First().Id;
        if (brand is not null)
        {
            if (brand.Id == 0) db.Brands.Add(brand);
            product.Brand = brand;
        }
        else
        {
            product.BrandId = Input.BrandId!.Value;
        }
        product.UpdatedAt = now;

        try
        {
            await audit.SaveAsync(User, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            await ShowConflictAsync(id!.Value, ct);
            return Page();
        }
        catch (DbUpdateException e) when (StoreDatabase.IsUniqueViolation(e))
        {
            // SQLITE_CONSTRAINT_UNIQUE: another admin took the SKU between the check and the save.
            db.ChangeTracker.Clear();
            ModelState.AddModelError($"{nameof(Input)}.{nameof(ProductInput.Sku)}", "Another product already has this SKU.");
            await LoadAsync(id, ct);
            return Page();
        }
        Flash.Set(TempData, id is null ? $"Added “{product.Name}”." : $"Saved “{product.Name}”.");
        return Redirect($"/admin/products/{product.Id}/edit");
    }

    public async Task<IActionResult> OnPostStockAsync(int id, CancellationToken ct)
    {
        var exists = await db.Products.AnyAsync(p => p.Id == id, ct);
        if (!exists) return NotFound();
        ModelState.Clear();
        var reason = Reason?.Trim() ?? "";
        if (!int.TryParse(Delta?.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var delta))
        {
            // A whole number too big for one was told to be "a whole number" (an outside review, session 44).
            ModelState.AddModelError(nameof(Delta), long.TryParse(Delta?.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _)
                ? $"A change is at most {ProductDraft.MaxStock:N0} either way." : "Enter a whole number such as 10 or -2.");
        }
        else if (delta == 0) ModelState.AddModelError(nameof(Delta), "Enter the change: a whole number such as 10 or -2, not 0.");
        else if (Math.Abs(delta) > ProductDraft.MaxStock) ModelState.AddModelError(nameof(Delta), $"A change is at most {ProductDraft.MaxStock:N0} either way.");
        if (reason.Length == 0) ModelState.AddModelError(nameof(Reason), "Say why the stock changes (for example: restocked, damaged).");
        else if (reason.Any(WebApp.Checkout.PlainTextAttribute.IsRefused)) ModelState.AddModelError(nameof(Reason), ProductDraft.PlainTextMessage);
        else if (reason.Length > ReasonMaxLength) ModelState.AddModelError(nameof(Reason), $"A reason has at most {ReasonMaxLength} characters.");
        if (ModelState.IsValid)
        {
            var after = await inventory.AdjustAsync(id, delta, reason, audit, User, ct);
            if (after is not null)
            {
                Flash.Set(TempData, $"Stock is now {after:N0}.");
                return Redirect($"/admin/products/{id}/edit");
            }
            ModelState.AddModelError(nameof(Delta), $"That would take the stock below zero (or above {ProductDraft.MaxStock:N0}).");
        }
        var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == id, ct);
        Input = ProductInput.From(product);
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task ShowConflictAsync(int id, CancellationToken ct)
    {
        var saved = await db.Products.AsNoTracking().Include(p => p.Brand).FirstAsync(p => p.Id == id, ct);
        var categories = await tree.GetAsync();
        // A field this admin left as the form opened takes the saved value: saving again as the page asked put back
        // every field the other admin had changed ("my name change" undid their new price; an outside review, session 53).
        var untouched = VersionUnreadable ? [] : Input.Untouched();
        var theirs = ProductInput.From(saved);
        if (untouched.Contains(nameof(ProductInput.Sku))) Input.Sku = theirs.Sku;
        if (untouched.Contains(nameof(ProductInput.Name))) Input.Name = theirs.Name;
        if (untouched.Contains(nameof(ProductInput.Description))) Input.Description = theirs.Description;
        if (untouched.Contains(nameof(ProductInput.Price))) Input.Price = theirs.Price;
        if (untouched.Contains(nameof(ProductInput.CategoryId))) Input.CategoryId = theirs.CategoryId;
        if (untouched.Contains(nameof(ProductInput.BrandId))) Input.BrandId = theirs.BrandId;
        if (untouched.Contains(nameof(ProductInput.IsActive))) Input.IsActive = theirs.IsActive;
        var brandName = Input.NewBrand is { Length: > 0 } typed ? typed.Trim()
            : await db.Brands.Where(b => b.Id == Input.BrandId).Select(b => b.Name).FirstOrDefaultAsync(ct) ?? "";
        (string Field, string Theirs, string Yours, bool Changes) Row(string field, string shownTheirs, string yours, string key) =>
            untouched.Contains(key) ? (field, shownTheirs, NotChangedByYou, false) : (field, shownTheirs, yours, shownTheirs != yours);
        Conflict =
        [
            Row("SKU", theirs.Sku ?? "", Input.Sku?.Trim() ?? "", nameof(ProductInput.Sku)),
            Row("Name", theirs.Name ?? "", Input.Name?.Trim() ?? "", nameof(ProductInput.Name)),
            Row("Description", theirs.Description ?? "", Input.Description?.Trim() ?? "", nameof(ProductInput.Description)),
            Row("Price", Money.Format(saved.PriceCents), Money.TryParse(Input.Price, out var cents) ? Money.Format(cents) : Input.Price ?? "", nameof(ProductInput.Price)),
            Row("Category", categories.ById.GetValueOrDefault(saved.CategoryId)?.Name ?? "", Input.CategoryId is { } c ? categories.ById.GetValueOrDefault(c)?.Name ?? "" : "", nameof(ProductInput.CategoryId)),
            Row("Brand", saved.Brand!.Name, brandName, nameof(ProductInput.BrandId)),
            Row("Active", saved.IsActive ? "Yes" : "No", Input.IsActive ? "Yes" : "No", nameof(ProductInput.IsActive)),
            // Stock is never a field of this form (adjustments move it), so it is shown, never marked as a difference.
            ("Stock", saved.Stock.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), "(not changed by this form)", false),
        ];
        // Re-submitting this form is a deliberate "keep mine" of what this admin changed: it now carries the saved
        // version, and the saved values as the ones it was opened with.
        Input.Version = saved.Version;
        Input.Opened = theirs.Opened;
        foreach (var key in new[] { nameof(ProductInput.Version), nameof(ProductInput.Opened), nameof(ProductInput.Sku), nameof(ProductInput.Name),
            nameof(ProductInput.Description), nameof(ProductInput.Price), nameof(ProductInput.CategoryId), nameof(ProductInput.BrandId), nameof(ProductInput.IsActive) })
        {
            ModelState.Remove($"{nameof(Input)}.{key}");
        }
        await LoadAsync(id, ct);
    }

    /// <summary>What the conflict table says in "Yours" for a field this admin did not change: the form holds the saved value.</summary>
    public const string NotChangedByYou = "(not changed by you: the saved value is kept)";

    private async Task LoadAsync(int? id, CancellationToken ct)
    {
        ProductId = id;
        var categories = await tree.GetAsync();
        Leaves = [.. categories.Departments.SelectMany(d => d.SelfAndDescendants()).Where(n => n.Children.Count == 0)];
        Brands = await db.Brands.AsNoTracking().OrderBy(b => b.Name).Select(b => new ValueTuple<int, string>(b.Id, b.Name)).ToListAsync(ct);
        if (id is { } productId)
        {
            Current = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == productId, ct);
            Photos = await db.ProductPhotos.AsNoTracking().Where(p => p.ProductId == productId).OrderBy(p => p.SortOrder).ThenBy(p => p.Id).ToListAsync(ct);
            Adjustments = await db.StockAdjustments.AsNoTracking().Where(a => a.ProductId == productId).OrderByDescending(a => a.At).Take(10).ToListAsync(ct);
        }
    }
}
