using WebApp.Addresses;
using WebApp.Tax;

namespace WebApp.Checkout;

public static class CheckoutServices
{
    /// <summary>The checkout use case, its settings and the ways to pay. It needs the cart and orders registered too.</summary>
    public static WebApplicationBuilder AddStoreCheckout(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CheckoutOptions>().Bind(builder.Configuration.GetSection("Checkout"))
            .Validate(o => o.ShippingMethods.Count > 0 && o.Countries.Count > 0, "Checkout needs at least one shipping method and one country.")
            .ValidateOnStart();
        builder.Services.AddOptions<TaxOptions>().Bind(builder.Configuration.GetSection("Tax"))
            .Validate(o => o.Rates.Values.All(r => r.BasisPoints is >= 0 and <= 10_000 && !string.IsNullOrWhiteSpace(r.Name)),
                "Every Tax:Rates entry needs a Name and BasisPoints of 0-10000 (2000 = 20 %).")
            .ValidateOnStart();
        builder.Services.AddSingleton<TaxRates>();
        builder.Services.AddSingleton<TaxWording>();
        builder.Services.AddScoped<SavedAddresses>();
        builder.Services.AddScoped<PlaceOrder>();

        // The ways to pay, in the order the checkout lists them. A real card provider replaces TestCardGateway here.
        builder.Services.AddSingleton<IPaymentGateway, TestCardGateway>();
        builder.Services.AddSingleton<IPaymentGateway, PayOnDeliveryGateway>();
        return builder;
    }
}
