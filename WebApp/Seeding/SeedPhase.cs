namespace WebApp.Seeding;

public enum SeedPhase { Products, Indexes, SearchIndex }
