using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using WebApp.Accounts;
using WebApp.Catalog;
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

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        var modelBuilder = builder;
        modelBuilder.Entity<StoreUser>().HasIndex(u => u.NormalizedEmail).IsUnique();
        modelBuilder.Entity<Category>(e =>
        {
            e.Property(c => c.Name).HasMaxLength(100);
            e.Property(c => c.Slug).HasMaxLength(120);
            e.Property(c => c.Color).HasMaxLength(7);
            e.HasIndex(c => c.Slug).IsUnique();
            e.HasOne(c => c.Parent).WithMany(c => c.Children).HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Brand>(e =>
        {
            e.Property(b => b.Name).HasMaxLength(100);
            e.Property(b => b.Slug).HasMaxLength(120);
            e.HasIndex(b => b.Slug).IsUnique();
        });

        modelBuilder.Entity<Product>(e =>
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
        });

        modelBuilder.Entity<SearchMiss>(e =>
        {
            e.HasKey(m => m.Query);
            e.Property(m => m.Query).HasMaxLength(200);
            e.HasIndex(m => m.LastSeen);
        });
    }
}
