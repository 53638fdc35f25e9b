namespace WebApp.Reviews;

public static class ReviewServices
{
    public static WebApplicationBuilder AddStoreReviews(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<WriteReview>();
        builder.Services.AddScoped<HelpfulVotes>();
        builder.Services.AddScoped<ReviewReports>();
        builder.Services.AddScoped<ReviewModeration>();
        builder.Services.AddScoped<ProductReviews>();
        return builder;
    }
}
