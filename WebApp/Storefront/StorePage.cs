namespace WebApp.Storefront;

/// <summary>A store page ready to show: its title (the Markdown's first heading) and its sanitised HTML.</summary>
public sealed record StorePage(string Slug, string Title, string Html);
