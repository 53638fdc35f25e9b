using System.IO.Compression;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace WebApp.Api;

/// <summary>
/// The versioned JSON API (<c>/api/v1</c>) for the mobile app and partners: its authentication, CORS, compression,
/// JSON rules and OpenAPI description. The endpoints are thin: every rule is the domain code the pages use.
/// </summary>
public static class ApiServices
{
    /// <summary>The authorization policy of endpoints that need a signed-in shopper (cookie or bearer token).</summary>
    public const string SignedIn = "api-signed-in";

    /// <summary>Reads the bearer token when the request carries one, else the sign-in cookie; challenges as bearer (401, never a redirect).</summary>
    private const string CallerScheme = "api-caller";

    private const string CorsPolicy = "api";

    public const string DocsPath = "/api/docs";

    public static WebApplicationBuilder AddStoreApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication()
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.Events.OnMessageReceived = context =>
            {
                if (ApiCaller.BearerTokenOf(context.Request) is { } token) context.Token = token;
                return Task.CompletedTask;
            })
            .AddPolicyScheme(CallerScheme, "API caller", o =>
            {
                o.ForwardDefaultSelector = http => ApiCaller.IsBearer(http) ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme;
                o.ForwardChallenge = IdentityConstants.BearerScheme;
                o.ForwardForbid = IdentityConstants.BearerScheme;
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(SignedIn, policy => policy.AddAuthenticationSchemes(CallerScheme).RequireAuthenticatedUser());
        builder.Services.AddScoped<IdempotentCheckout>();
        builder.Services.AddSingleton<RevokedTokens>();
        // After the framework's own Configure has made the data-protection formats: a signed-out app session's tokens
        // read as none (Api/RevokedTokens.cs).
        builder.Services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme).PostConfigure<RevokedTokens>((o, revoked) =>
        {
            o.BearerTokenProtector = revoked.Checked(o.BearerTokenProtector);
            o.RefreshTokenProtector = revoked.Checked(o.RefreshTokenProtector);
        });

        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            // A misspelt field is an error, not silently ignored (an order placed without the "addressLine2" meant).
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // Strict reading: "2" is not a number, a field sent twice is not "the last one wins", and names are
            // spelt as documented ("PRODUCTID" is an unknown field, refused above).
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            json.SerializerOptions.AllowDuplicateProperties = false;
            json.SerializerOptions.PropertyNameCaseInsensitive = false;
            // Dates are stored in UTC and read back from SQLite without a kind: written with their "Z".
            json.SerializerOptions.Converters.Add(new UtcDateTimeConverter());
        });
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);

        var origins = builder.Configuration.GetSection("Api:CorsOrigins").Get<string[]>() ?? [];
        if (origins.Length > 0)
        {
            // No credentials: a partner's page calls with a bearer token, never with the shopper's store cookies.
            builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy.WithOrigins(origins)
                .WithMethods("GET", "HEAD", "POST", "PUT", "DELETE")
                .WithHeaders("Authorization", "Content-Type", OrdersApi.IdempotencyHeader, "If-None-Match")
                .WithExposedHeaders("ETag", "Link", "Location", "Retry-After", "Idempotent-Replayed")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        }

        builder.Services.AddResponseCompression(o =>
        {
            // Only API JSON is compressed (see UseStoreApiEdge): no page with a form token or a token response, so a
            // BREACH-style guess has no secret beside reflected input to find.
            o.EnableForHttps = true;
            o.MimeTypes = ["application/json", "application/problem+json"];
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);

        builder.Services.AddOpenApi(openApi =>
        {
            // HEAD is GET without the body (HeadAsGet): documenting it again beside every GET would only double the list.
            openApi.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1", StringComparison.OrdinalIgnoreCase) == true
                && !HttpMethods.IsHead(description.HttpMethod ?? "");
            openApi.AddOperationTransformer<ApiDocumentDetails>();
            openApi.AddSchemaTransformer<ApiDocumentDetails>();
            openApi.AddDocumentTransformer((document, context, _) =>
            {
                // The store's own address, never the request's: the document named whatever Host was sent (an outside
                // review, session 50). Without App:BaseUrl (development) no server: clients resolve paths against the
                // document's own address.
                var baseUrl = context.ApplicationServices.GetRequiredService<IConfiguration>()["App:BaseUrl"];
                document.Servers = string.IsNullOrWhiteSpace(baseUrl) ? [] : [new OpenApiServer { Url = baseUrl.TrimEnd('/') + "/" }];
                document.Info = new OpenApiInfo
                {
                    Title = "WebApp store API",
                    Version = "v1",
                    Description = "The store for apps and partners. Errors are RFC 9457 problem details. Sign in with POST /api/v1/auth/login and send its accessToken as Authorization: Bearer (the token); without a token the store's cookies work too (the site's sign-in cookie, and the cart cookie the first cart write sets), and every write that carries one then needs the RequestVerificationToken header from GET /api/v1/antiforgery (each write's description says so; a 403 otherwise).",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "The accessToken from POST /api/v1/auth/login or /api/v1/auth/refresh.",
                };
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>Before routing: compression for JSON that holds no token, and problem bodies for empty API errors.</summary>
    public static IApplicationBuilder UseStoreApiEdge(this IApplicationBuilder app)
    {
        app.UseWhen(Compressible, api => api.UseResponseCompression());
        return app.UseApiProblems();
    }

    // The API but its token and antiforgery answers; the API's description and the search box's suggestions, which hold
    // nothing secret (nginx compresses nothing: it would compress pages with tokens too).
    private static bool Compressible(HttpContext http)
    {
        var path = http.Request.Path;
        return ApiProblems.IsApi(http) ? !AuthApi.IsTokenEndpoint(path) && !path.StartsWithSegments(AntiforgeryPath, StringComparison.OrdinalIgnoreCase)
            : path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/search/suggest", StringComparison.OrdinalIgnoreCase);
    }

    private const string AntiforgeryPath = ApiProblems.Root + "/antiforgery";

    /// <summary>After routing, before authentication: CORS, when origins are configured.</summary>
    public static IApplicationBuilder UseStoreApiCors(this WebApplication app)
    {
        if (app.Configuration.GetSection("Api:CorsOrigins").Get<string[]>() is { Length: > 0 }) app.UseCors();
        return app;
    }

    public static WebApplication MapStoreApi(this WebApplication app)
    {
        var api = app.MapGroup(ApiProblems.Root)
            .AddEndpointFilter<CrossSiteCheck>()
            .RequireRateLimiting(Security.RateLimits.Api)
            // A bearer token that is expired, forged or of a locked account is a 401 on any call, the public ones too.
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .AnswerHead();
        if (app.Configuration.GetSection("Api:CorsOrigins").Get<string[]>() is { Length: > 0 }) api.RequireCors(CorsPolicy);
        AuthApi.Map(api);
        ProductsApi.Map(api);
        CartApi.Map(api);
        OrdersApi.Map(api);

        // One document, at one address: "/openapi/{documentName}.json" answered any other name with the framework's
        // plain-text 404 repeating the name, not the store's (an outside review, session 50).
        app.MapOpenApi("/openapi/v1.json").AnswerHead();
        app.MapScalarApiReference(DocsPath, docs => docs
            .WithTitle("WebApp store API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()).AnswerHead();
        return app;
    }

    /// <summary>
    /// A shopper's own answers (cart, orders) are kept by no cache, as their web pages are not: they carried no
    /// Cache-Control at all, and an app's HTTP cache (iOS's URLCache) may keep such answers on disk (an outside review,
    /// session 45).
    /// </summary>
    public static TBuilder Private<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder => builder.AddEndpointFilter(async (context, next) =>
    {
        context.HttpContext.Response.Headers.CacheControl = "no-store";
        return await next(context);
    });

    /// <summary>
    /// Calls that answer for whoever calls (<see cref="WebApp.Accounts.CurrentShopper"/>): the account's cart for a bearer token, else the
    /// cart cookie's. The document lists the token as optional on them; it listed no security at all, as if a token
    /// changed nothing (left as found in session 49).
    /// </summary>
    public static TBuilder ForEitherShopper<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(EitherShopper.Instance);

    public sealed class EitherShopper
    {
        public static readonly EitherShopper Instance = new();
    }
}
