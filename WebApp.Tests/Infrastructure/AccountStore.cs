namespace WebApp.Tests.Infrastructure;

public sealed class AccountStore : StoreFactory
{
    protected override int SeedProducts => 50;
}
