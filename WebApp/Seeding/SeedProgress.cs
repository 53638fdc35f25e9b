namespace WebApp.Seeding;

/// <summary>Where a seed is: products written so far, then the index phases that follow (which report no count).</summary>
public readonly record struct SeedProgress(SeedPhase Phase, int ProductsWritten);
