namespace WebApp.Tests.Infrastructure;

/// <summary>A store for the admin pages' tests: a few hundred products, an admin and a customer made per test.</summary>
public sealed class AdminStore : StoreFactory
{
    protected override int SeedProducts => 300;

    public Task<HttpClient> AdminClientAsync() => SignedInClientAsync(NewEmail("admin"), role: WebApp.Accounts.Roles.Admin);
}
