using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Catalog;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.OutputCaching;

/// <summary>A catalogue change published while a page renders (after its reads, before it writes): that render is not stored.</summary>
public sealed class RenderRaceTests(RenderRaceTests.RacingStore store) : IClassFixture<RenderRaceTests.RacingStore>
{
    /// <summary>Publishes a stock change in the middle of any page request whose query says <c>race=1</c>.</summary>
    public sealed class RacingStore : StoreFactory
    {
        protected override int SeedProducts => 60;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.Configure<MvcOptions>(o => o.Filters.Add(new PublishWhileRendering())));
        }
    }

    private sealed class PublishWhileRendering : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            await next();
            if (context.HttpContext.Request.Query["race"] == "1")
            {
                await context.HttpContext.RequestServices.GetRequiredService<ICatalogChanges>().PublishAsync(CatalogChange.Stock([1]));
            }
        }
    }

    private static string? CacheStatus(HttpResponseMessage response) =>
        response.Headers.TryGetValues(CatalogPageCache.StatusHeader, out var values) ? values.Single() : null;

    [Fact]
    public async Task A_page_whose_render_a_catalogue_change_overtook_is_shown_but_not_stored()
    {
        var department = (await store.CreateClient().GetDocumentAsync("/")).QuerySelector("[data-testid=department-menu] a")!.GetAttribute("href")!;

        using var raced = await store.CreateClient().GetAsync(department + "?race=1");
        using var racedAgain = await store.CreateClient().GetAsync(department + "?race=1");
        using var calm = await store.CreateClient().GetAsync(department + "?race=0");
        using var calmAgain = await store.CreateClient().GetAsync(department + "?race=0");

        Assert.True(raced.IsSuccessStatusCode);
        Assert.Equal(("miss", "miss"), (CacheStatus(raced), CacheStatus(racedAgain)));
        Assert.Equal(("miss", "hit"), (CacheStatus(calm), CacheStatus(calmAgain)));
    }
}
