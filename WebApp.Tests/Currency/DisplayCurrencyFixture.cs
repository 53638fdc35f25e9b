namespace WebApp.Tests.Currency;

/// <summary>One store whose rates service answered the good rates once: the display tests only read them.</summary>
public sealed class DisplayCurrencyFixture : IAsyncLifetime
{
    public FakeRatesServer Remote { get; private set; } = null!;
    public RatesStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Remote = await FakeRatesServer.StartAsync();
        Store = new RatesStore(Remote.Url);
        await Store.RefreshAsync();
        Assert.NotNull(Store.Rates.Usable);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await Remote.DisposeAsync();
    }
}
