namespace WebApp.Reviews;

/// <summary>One account reported one review to the store, once, with a reason; an admin reads them at /admin/reviews.</summary>
public sealed class ReviewReport
{
    public const int ReasonMaxLength = 16;

    public int ReviewId { get; set; }
    public required string UserId { get; set; }

    /// <summary>One of <see cref="ReviewReports.Reasons"/>' codes.</summary>
    public required string Reason { get; set; }
    public DateTime At { get; set; }
}
