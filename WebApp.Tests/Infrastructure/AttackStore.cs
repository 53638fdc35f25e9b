namespace WebApp.Tests.Infrastructure;

public sealed class AttackStore : StoreFactory
{
    protected override int SeedProducts => 30;
}
