namespace WebApp.Reviews;

/// <summary>
/// A customer's rating and review of a product: one per account and product (demo reviews have no account). Title and
/// body are plain text, stored as typed and encoded when shown.
/// </summary>
public sealed class Review
{
    public const int TitleMaxLength = 120;
    public const int BodyMaxLength = 4000;
    public const int AuthorNameMaxLength = 60;

    public int Id { get; set; }
    public int ProductId { get; set; }

    /// <summary>The author's account; null for seeded demo reviews.</summary>
    public string? UserId { get; set; }
    public required string AuthorName { get; set; }
    public int Stars { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }

    /// <summary>The author had a shipped or delivered order line of the product when writing (always so for account reviews).</summary>
    public bool IsVerifiedPurchase { get; set; }

    /// <summary>Hidden by an admin: off the product page and out of the product's rating.</summary>
    public bool IsHidden { get; set; }

    /// <summary>The number of <see cref="ReviewVote"/> rows, kept in the same transaction as each vote.</summary>
    public int HelpfulCount { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
