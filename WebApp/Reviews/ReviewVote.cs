namespace WebApp.Reviews;

/// <summary>One account found one review helpful; the key makes it once per account.</summary>
public sealed class ReviewVote
{
    public int ReviewId { get; set; }
    public required string UserId { get; set; }
    public DateTime At { get; set; }
}
