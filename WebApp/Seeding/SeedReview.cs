namespace WebApp.Seeding;

/// <summary>A demo review: no account behind it, so it is never labelled a verified purchase.</summary>
internal sealed record SeedReview(string AuthorName, int Stars, string Title, string Body, DateTime CreatedAt);
