using Microsoft.EntityFrameworkCore;
using WebApp.Data;

namespace WebApp.Reviews;

/// <summary>
/// The one place a product's rating is written: average and count of its visible reviews. Callers run it inside the
/// transaction of the review write, so the stars on tiles never disagree with the reviews behind them.
/// </summary>
public static class ProductRating
{
    public static Task RecomputeAsync(StoreDbContext db, int productId, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE Products SET
                RatingCount = (SELECT COUNT(*) FROM Reviews WHERE ProductId = {productId} AND IsHidden = 0),
                RatingAverage = COALESCE((SELECT AVG(Stars) FROM Reviews WHERE ProductId = {productId} AND IsHidden = 0), 0)
            WHERE Id = {productId}
            """, ct);
}
