using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using WebApp.Accounts;
using WebApp.Addresses;
using WebApp.Admin;
using WebApp.Cart;
using WebApp.Catalog;
using WebApp.Currency;
using WebApp.Orders;
using WebApp.Reviews;
using WebApp.Search;

namespace WebApp.Data;

public sealed class StoreDbContext(DbContextOptions<StoreDbContext> options) : IdentityDbContext<StoreUser>(options), IDataProtectionKeyContext
{
    /// <summary>Data-protection keys live with the data, so a restart keeps everyone signed in and open forms valid.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Brand> Brands => Set<Brand>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<SearchMiss> SearchMisses => Set<SearchMiss>();
    public DbSet<ShoppingCart> Carts => Set<ShoppingCart>();
    public DbSet<CartLine> CartLines => Set<CartLine>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<OrderStatusChange> OrderStatusChanges => Set<OrderStatusChange>();
    public DbSet<OrderNote> OrderNotes => Set<OrderNote>();
    public DbSet<ProductPhoto> ProductPhotos => Set<ProductPhoto>();
    public DbSet<BackInStockRequest> BackInStockRequests => Set<BackInStockRequest>();
    public DbSet<StockAdjustment> StockAdjustments => Set<StockAdjustment>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<WebApp.Api.RevokedToken> RevokedTokens => Set<WebApp.Api.RevokedToken>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<ReviewVote> ReviewVotes => Set<ReviewVote>();
    public DbSet<ReviewReport> ReviewReports => Set<ReviewReport>();
    public DbSet<SavedAddress> SavedAddresses => Set<SavedAddress>();
    public DbSet<WebApp.Api.ApiIdempotencyKey> ApiIdempotencyKeys => Set<WebApp.Api.ApiIdempotencyKey>();
    public DbSet<ExchangeRate> ExchangeRates => Set<ExchangeRate>();
    public DbSet<WebApp.Security.AntiforgeryKey> AntiforgeryKeys => Set<WebApp.Security.AntiforgeryKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<StoreUser>().HasIndex(u => u.NormalizedEmail).IsUnique();
        builder.Entity<WebApp.Api.ApiIdempotencyKey>(e =>
        {
            e.Property(k => k.Key).HasMaxLength(WebApp.Api.ApiIdempotencyKey.KeyMaxLength);
            e.Property(k => k.BodyHash).HasMaxLength(64);
            e.HasIndex(k => new { k.UserId, k.Key }).IsUnique();
            e.HasOne<StoreUser>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Order>().WithMany().HasForeignKey(k => k.OrderId).OnDelete(DeleteBehavior.SetNull);
        });
        builder.Entity<Category>(e =>
        {
            e.Property(c => c.Name).HasMaxLength(100);
            e.Property(c => c.Slug).HasMaxLength(120);
            e.Property(c => c.Color).HasMaxLength(7);
            e.HasIndex(c => c.Slug).IsUnique();
            e.HasOne(c => c.Parent).WithMany(c => c.Children).HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Brand>(e =>
        {
            e.Property(b => b.Name).HasMaxLength(100);
            e.Property(b => b.Slug).HasMaxLength(120);
            e.HasIndex(b => b.Slug).IsUnique();
        });

        builder.Entity<Product>(e =>
        {
            e.Property(p => p.Sku).HasMaxLength(32);
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.Slug).HasMaxLength(220);
            e.Property(p => p.Description).HasMaxLength(4000);
            e.HasIndex(p => p.Sku).IsUnique();
            e.HasOne(p => p.Brand).WithMany().HasForeignKey(p => p.BrandId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(p => p.Category).WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Category>().WithMany().HasForeignKey(p => p.DepartmentId).OnDelete(DeleteBehavior.Restrict);
            e.ToTable(t => t.HasCheckConstraint("CK_Products_Stock", "\"Stock\" >= 0"));
            e.ToTable(t => t.HasCheckConstraint("CK_Products_Price", "\"PriceCents\" >= 0"));

            // Listing pages filter by a category (leaf or department) and sort by price, date or rating.
            // Partial indexes over active products keep "skip to page N" an index-only walk.
            foreach (var filter in new[] { nameof(Product.CategoryId), nameof(Product.DepartmentId) })
            {
                e.HasIndex(filter, nameof(Product.PriceCents)).HasDatabaseName($"IX_Products_{filter}_Price").HasFilter("\"IsActive\" = 1");
                e.HasIndex(filter, nameof(Product.CreatedAt)).HasDatabaseName($"IX_Products_{filter}_Created").HasFilter("\"IsActive\" = 1");
                e.HasIndex(filter, nameof(Product.RatingAverage), nameof(Product.RatingCount)).HasDatabaseName($"IX_Products_{filter}_Rating").HasFilter("\"IsActive\" = 1");
            }
            e.HasIndex(p => p.CreatedAt).HasDatabaseName("IX_Products_Created").HasFilter("\"IsActive\" = 1");
            e.HasIndex(p => new { p.RatingAverage, p.RatingCount }).HasDatabaseName("IX_Products_Rating").HasFilter("\"IsActive\" = 1");
            e.HasIndex(p => p.BrandId);
            e.HasIndex(p => p.PriceCents).HasDatabaseName("IX_Products_Price").HasFilter("\"IsActive\" = 1");
            // The admin list sorts every product, active or not, by one of four keys. Each key's index also carries every
            // column the list filters on, so walking it in order to the page never reads the table (whose rows hold
            // descriptions), whatever the filters. Narrow filters (a category, a brand, the inactive few) are read through
            // their own index and sorted instead: see Pages/Admin/Products/Index.cshtml.cs.
            e.HasIndex(p => new { p.Id, p.IsActive, p.Stock, p.CategoryId, p.DepartmentId, p.BrandId }).HasDatabaseName("IX_Products_Admin_Id");
            e.HasIndex(p => new { p.Name, p.Id, p.IsActive, p.Stock, p.CategoryId, p.DepartmentId, p.BrandId }).HasDatabaseName("IX_Products_Admin_Name");
            e.HasIndex(p => new { p.Stock, p.Id, p.IsActive, p.CategoryId, p.DepartmentId, p.BrandId }).HasDatabaseName("IX_Products_Admin_Stock");
            e.HasIndex(p => new { p.PriceCents, p.Id, p.IsActive, p.Stock, p.CategoryId, p.DepartmentId, p.BrandId }).HasDatabaseName("IX_Products_Admin_Price");
            e.HasIndex(p => p.CategoryId).HasDatabaseName("IX_Products_Admin_Category");
            e.HasIndex(p => p.Id).HasDatabaseName("IX_Products_Admin_Inactive").HasFilter("\"IsActive\" = 0");
        });

        builder.Entity<ExchangeRate>(e =>
        {
            e.HasKey(r => new { r.BaseCurrency, r.Currency });
            e.Property(r => r.BaseCurrency).HasMaxLength(3);
            e.Property(r => r.Currency).HasMaxLength(3);
        });

        builder.Entity<SearchMiss>(e =>
        {
            e.HasKey(m => m.Query);
            e.Property(m => m.Query).HasMaxLength(200);
            e.HasIndex(m => m.LastSeen);
        });
    
        builder.Entity<ShoppingCart>(e =>
        {
            e.ToTable("Carts");
            e.Property(c => c.Id).HasMaxLength(64);
            // One cart per account; deleting the account deletes its cart.
            e.HasIndex(c => c.UserId).IsUnique();
            e.HasOne<StoreUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<StoreUser>().WithMany().HasForeignKey(c => c.MergedIntoUserId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => c.UpdatedAt);
            e.HasMany(c => c.Lines).WithOne().HasForeignKey(l => l.CartId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<CartLine>(e =>
        {
            e.HasIndex(l => new { l.CartId, l.ProductId }).IsUnique();
            e.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Cascade);
            e.ToTable(t => t.HasCheckConstraint("CK_CartLines_Quantity", "\"Quantity\" BETWEEN 1 AND 99"));
        });

        builder.Entity<Order>(e =>
        {
            // No foreign key to the account: an order is a business record and outlives a deleted account.
            e.HasIndex(o => new { o.UserId, o.PlacedAt });
            e.HasIndex(o => o.IdempotencyKey).IsUnique();
            e.HasIndex(o => new { o.Status, o.PlacedAt });
            // The dashboard's orders to act on: Placed and paid on delivery (to ship), Placed by card and unpaid.
            e.HasIndex(o => new { o.Status, o.PaymentMethod, o.PlacedAt });
            e.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(o => o.UserId).HasMaxLength(450);
            e.Property(o => o.Email).HasMaxLength(256);
            e.Property(o => o.IdempotencyKey).HasMaxLength(64);
            e.Property(o => o.FullName).HasMaxLength(100);
            e.Property(o => o.AddressLine1).HasMaxLength(100);
            e.Property(o => o.AddressLine2).HasMaxLength(100);
            e.Property(o => o.City).HasMaxLength(60);
            e.Property(o => o.Region).HasMaxLength(60);
            e.Property(o => o.PostalCode).HasMaxLength(12);
            e.Property(o => o.Country).HasMaxLength(2);
            e.Property(o => o.TaxName).HasMaxLength(32);
            e.Property(o => o.Phone).HasMaxLength(24);
            e.Property(o => o.ShippingMethod).HasMaxLength(32);
            e.Property(o => o.ShippingMethodCode).HasMaxLength(32);
            e.Property(o => o.PaymentMethod).HasMaxLength(32);
            e.Property(o => o.PaymentReference).HasMaxLength(64);
            e.Property(o => o.PaymentSummary).HasMaxLength(64);
            e.Property(o => o.Carrier).HasMaxLength(60);
            e.Property(o => o.TrackingNumber).HasMaxLength(60);
            e.HasMany(o => o.Notes).WithOne().HasForeignKey(n => n.OrderId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(o => o.History).WithOne().HasForeignKey(h => h.OrderId).OnDelete(DeleteBehavior.Cascade);
            // Tax that the prices already included is part of the subtotal, so only tax on top adds to the total.
            e.ToTable(t => t.HasCheckConstraint("CK_Orders_Total", "\"TotalCents\" = \"SubtotalCents\" + \"ShippingCents\" + CASE WHEN \"TaxIncluded\" THEN 0 ELSE \"TaxCents\" END"));
        });

        builder.Entity<SavedAddress>(e =>
        {
            e.HasIndex(a => new { a.UserId, a.LastUsedAt });
            e.HasOne<StoreUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
            e.Property(a => a.UserId).HasMaxLength(450);
            e.Property(a => a.FullName).HasMaxLength(100);
            e.Property(a => a.Line1).HasMaxLength(100);
            e.Property(a => a.Line2).HasMaxLength(100);
            e.Property(a => a.City).HasMaxLength(60);
            e.Property(a => a.Region).HasMaxLength(60);
            e.Property(a => a.PostalCode).HasMaxLength(12);
            e.Property(a => a.Country).HasMaxLength(2);
            e.Property(a => a.Phone).HasMaxLength(24);
        });

        builder.Entity<OrderLine>(e =>
        {
            e.Property(l => l.Sku).HasMaxLength(32);
            e.Property(l => l.Name).HasMaxLength(200);
            e.HasIndex(l => l.ProductId);
            e.ToTable(t => t.HasCheckConstraint("CK_OrderLines_Quantity", "\"Quantity\" > 0"));
        });

        builder.Entity<OrderStatusChange>(e =>
        {
            e.Property(h => h.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(h => h.Note).HasMaxLength(200);
        });

        builder.Entity<OrderNote>(e =>
        {
            e.Property(n => n.AuthorId).HasMaxLength(450);
            e.Property(n => n.AuthorEmail).HasMaxLength(256);
            e.Property(n => n.Text).HasMaxLength(2000);
        });

        builder.Entity<ProductPhoto>(e =>
        {
            e.Property(p => p.FileName).HasMaxLength(80);
            e.Property(p => p.ContentType).HasMaxLength(32);
            e.HasIndex(p => new { p.ProductId, p.SortOrder });
            // /media/{file} finds the photo's product by its name; a product has at most one primary photo.
            e.HasIndex(p => p.FileName).IsUnique();
            e.HasIndex(p => p.ProductId, "IX_ProductPhotos_OnePrimary").IsUnique().HasFilter("IsPrimary = 1");
            e.HasOne<Product>().WithMany().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<BackInStockRequest>(e =>
        {
            e.Property(r => r.Email).HasMaxLength(BackInStockRequest.MaxEmailLength);
            e.Property(r => r.ProductLink).HasMaxLength(2048);
            e.Property(r => r.StopToken).HasMaxLength(BackInStockRequest.StopTokenLength);
            e.HasIndex(r => r.StopToken).IsUnique();
            // One pending request per address and product; done ones stay as history and do not block asking again.
            e.HasIndex(r => new { r.ProductId, r.Email }).IsUnique().HasFilter("NotifiedAt IS NULL");
            e.HasOne<Product>().WithMany().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<StockAdjustment>(e =>
        {
            e.Property(a => a.Reason).HasMaxLength(200);
            e.Property(a => a.UserId).HasMaxLength(450);
            e.HasIndex(a => new { a.ProductId, a.At });
            e.HasOne<Product>().WithMany().HasForeignKey(a => a.ProductId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<WebApp.Api.RevokedToken>(e =>
        {
            e.HasKey(t => t.Hash);
            e.Property(t => t.Hash).HasMaxLength(44);
        });

        builder.Entity<AuditEntry>(e =>
        {
            e.Property(a => a.ChangeId).HasMaxLength(32);
            e.Property(a => a.UserId).HasMaxLength(450);
            e.Property(a => a.UserEmail).HasMaxLength(256);
            e.Property(a => a.Action).HasMaxLength(32);
            e.Property(a => a.Entity).HasMaxLength(64);
            e.Property(a => a.EntityId).HasMaxLength(64);
            e.Property(a => a.Field).HasMaxLength(64);
            e.Property(a => a.OldValue).HasMaxLength(1001);
            e.Property(a => a.NewValue).HasMaxLength(1001);
            // The audit page pages newest first, filtered by entity, user or date.
            e.HasIndex(a => a.At);
            e.HasIndex(a => new { a.Entity, a.EntityId, a.At });
            e.HasIndex(a => new { a.UserId, a.At });
        });

        builder.Entity<Review>(e =>
        {
            e.Property(r => r.UserId).HasMaxLength(450);
            e.Property(r => r.AuthorName).HasMaxLength(Review.AuthorNameMaxLength);
            e.Property(r => r.Title).HasMaxLength(Review.TitleMaxLength);
            e.Property(r => r.Body).HasMaxLength(Review.BodyMaxLength);
            e.HasOne<Product>().WithMany().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.Cascade);
            // Once per account and product: the index, not a check before the insert, is what makes it so under concurrency.
            e.HasIndex(r => new { r.ProductId, r.UserId }).IsUnique().HasFilter("\"UserId\" IS NOT NULL");
            // The product page pages its visible reviews newest first; the admin list pages all (or the hidden) newest first.
            e.HasIndex(r => new { r.ProductId, r.IsHidden, r.CreatedAt });
            e.HasIndex(r => r.CreatedAt);
            e.HasIndex(r => new { r.IsHidden, r.CreatedAt });
            e.ToTable(t => t.HasCheckConstraint("CK_Reviews_Stars", "\"Stars\" BETWEEN 1 AND 5"));
        });

        builder.Entity<ReviewVote>(e =>
        {
            e.HasKey(v => new { v.ReviewId, v.UserId });
            e.Property(v => v.UserId).HasMaxLength(450);
            e.HasOne<Review>().WithMany().HasForeignKey(v => v.ReviewId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ReviewReport>(e =>
        {
            e.HasKey(r => new { r.ReviewId, r.UserId });
            e.Property(r => r.UserId).HasMaxLength(450);
            e.Property(r => r.Reason).HasMaxLength(ReviewReport.ReasonMaxLength);
            e.HasOne<Review>().WithMany().HasForeignKey(r => r.ReviewId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
