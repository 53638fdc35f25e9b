namespace WebApp.Search;

/// <summary>A <see cref="WebApp.Catalog.ProductSort"/> as the fact scan compares it: a number, not a record, in its innermost loop.</summary>
internal enum RankOrder { Relevance, PriceAscending, PriceDescending, Newest, Rating }
