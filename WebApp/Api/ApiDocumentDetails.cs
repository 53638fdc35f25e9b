using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace WebApp.Api;

/// <summary>
/// What the OpenAPI generator cannot see, because the endpoints read their query, headers and body themselves: the
/// query parameters of the lists, the Idempotency-Key and If-None-Match headers, and which operations need the token
/// (or take it: the cart's).
/// </summary>
public sealed class ApiDocumentDetails : IOpenApiOperationTransformer, IOpenApiSchemaTransformer
{
    // The request bodies' fields are nullable so a missing one is a field error, not an unreadable body; the generator
    // calls every constructor parameter required. These are the ones the store cannot do without.
    private static readonly Dictionary<Type, string[]> RequiredFields = new()
    {
        [typeof(OrdersApi.PlaceOrderBody)] = ["fullName", "addressLine1", "city", "country", "phone", "shippingMethod", "paymentMethod", "quotedSubtotalCents"],
        [typeof(OrdersApi.QuoteBody)] = ["country"],
        [typeof(CartApi.AddItemRequest)] = ["productId"],
        [typeof(CartApi.SetQuantityRequest)] = ["quantity"],
        [typeof(AuthApi.LoginRequest)] = ["email", "password"],
        [typeof(AuthApi.RefreshRequest)] = ["refreshToken"],
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (RequiredFields.TryGetValue(type, out var required))
        {
            schema.Required = new HashSet<string>(required, StringComparer.Ordinal);
            // A required field's null is refused like its absence ("productId": null is a 400), so the document does not
            // offer it: it listed them as ["null", "integer"], and a client checked against it sent bodies the store
            // refused (an outside review, session 51).
            foreach (var name in required)
            {
                if (schema.Properties is { } properties && properties.TryGetValue(name, out var property) && property is OpenApiSchema { Type: { } fieldType } field) field.Type = fieldType & ~JsonSchemaType.Null;
            }
        }
        // Checked against the real answers by an outside review (session 45), with a validator a generated client would use:
        // a problem carries extension members (a 409's "lines", "subtotalCents", every problem's "code" and "requestId"),
        // which "additionalProperties: false" forbade; times and statuses, written by the store's own converters, had no
        // type at all.
        // The typed 409 (OrderConflict) is a problem like any other: it may carry more members (traceId) than it names.
        var problem = type == typeof(Microsoft.AspNetCore.Mvc.ProblemDetails) || type == typeof(HttpValidationProblemDetails);
        if (problem || type == typeof(OrdersApi.OrderConflict))
        {
            schema.AdditionalPropertiesAllowed = true;
            schema.AdditionalProperties = null;
        }
        if (problem)
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["code"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "What went wrong, in a word to switch on: empty-cart, out-of-stock (with lines), not-sold (an order's lines no longer sold, with lines; a cart's product, 404), over-limit, prices-changed, total-changed and cart-changed (with subtotalCents, shippingCents, taxCents, totalCents; cart-changed with linesKey too), use-new-key, key-reused, payment-declined, cannot-cancel, not-in-cart.",
            };
        }
        var underlying = Nullable.GetUnderlyingType(type);
        if (schema.Type is null && ((underlying ?? type) == typeof(DateTime) || (underlying ?? type).IsEnum))
        {
            schema.Type = underlying is null ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
        }
        return Task.CompletedTask;
    }

    private static readonly (string Name, JsonSchemaType Type, string Description)[] ProductQuery =
    [
        ("q", JsonSchemaType.String, "Words to search for."),
        ("category", JsonSchemaType.Array, "A category slug (see /api/v1/categories); repeat for several (either one), up to 20."),
        ("brand", JsonSchemaType.Array, "A brand slug; repeat for several (either one: brand=a&brand=b), up to 20."),
        ("minPrice", JsonSchemaType.String, "Lowest price, in the store's currency (e.g. 9.99)."),
        ("maxPrice", JsonSchemaType.String, "Highest price, in the store's currency."),
        ("inStock", JsonSchemaType.Boolean, "Only products in stock."),
        ("sort", JsonSchemaType.String, "relevance, price-asc, price-desc, rating or newest."),
        ("page", JsonSchemaType.Integer, "Page number, from 1 to 10,000: past page 10,000 a list is narrowed with its filters instead."),
        ("pageSize", JsonSchemaType.Integer, "Items per page, 1 to 100 (default 24)."),
        ("exact", JsonSchemaType.Boolean, "1 (or true, on, yes) to search the words exactly as typed, with no spelling correction; as inStock, a value that is neither yes nor no is dropped with a notice."),
    ];

    private static readonly (string Name, JsonSchemaType Type, string Description)[] OrderQuery =
    [
        ("page", JsonSchemaType.Integer, "Page number, from 1."),
        ("pageSize", JsonSchemaType.Integer, "Items per page, 1 to 100 (default 20)."),
    ];

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var path = "/" + (context.Description.RelativePath ?? "").TrimEnd('/');
        var method = context.Description.HttpMethod ?? "";
        operation.Parameters ??= [];
        if (method == "GET" && path == ApiProblems.Root + "/products") Add(operation, ProductQuery);
        if (method == "GET" && path == ApiProblems.Root + "/orders") Add(operation, OrderQuery);
        if (method == "POST" && path == ApiProblems.Root + "/orders")
        {
            operation.Parameters.Add(Header(OrdersApi.IdempotencyHeader, true, "New for each order (a UUID is fine): 1 to 100 visible ASCII characters but the comma, in one header (two keys, or a comma list, are a 400)."));
        }
        if (method == "GET" && path.StartsWith(ApiProblems.Root + "/products/{id", StringComparison.Ordinal))
        {
            operation.Parameters.Add(Header("If-None-Match", false, "The ETag of a copy you hold: 304 when it is still current."));
        }
        // Headers the answers carry, which a client reads.
        AddHeader(operation, "429", "Retry-After", JsonSchemaType.Integer, "Seconds to wait before trying again.");
        if (method == "GET" && path.StartsWith(ApiProblems.Root + "/products/{id", StringComparison.Ordinal))
        {
            AddHeader(operation, "200", "ETag", JsonSchemaType.String, "A weak validator of this answer; send it as If-None-Match.");
        }
        if (method == "GET" && path is ApiProblems.Root + "/products" or ApiProblems.Root + "/orders")
        {
            AddHeader(operation, "200", "Link", JsonSchemaType.String,
                "RFC 8288 links to this list's pages, the body's links as a header: <url>; rel=\"first\", rel=\"prev\" (not on the first page), rel=\"next\" (not on the last) and rel=\"last\", each keeping the request's other parameters.");
        }
        if (method == "POST" && path == ApiProblems.Root + "/orders")
        {
            AddHeader(operation, "201", "Location", JsonSchemaType.String, "The new order's address.");
            AddHeader(operation, "200", "Idempotent-Replayed", JsonSchemaType.String, "\"true\": the order this key placed before, sent again.");
        }
        if (method is not ("GET" or "HEAD") && !AuthApi.IsTokenEndpoint(path)) DescribeCrossSiteCheck(operation);
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any(a => a.Policy == ApiServices.SignedIn))
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", context.Document)] = [] }];
        }
        else if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiServices.EitherShopper>().Any())
        {
            // The empty requirement is OpenAPI's "or none": without a token the call answers for the cart cookie's cart.
            operation.Security = [new OpenApiSecurityRequirement(), new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", context.Document)] = [] }];
        }
        return Task.CompletedTask;
    }

    // The rule was in the document's general description alone, naming only the sign-in cookie: an app without a token
    // met it as a 403 on its second cart write (session 53's review).
    private static void DescribeCrossSiteCheck(OpenApiOperation operation)
    {
        operation.Description = string.IsNullOrEmpty(operation.Description) ? CrossSiteCheck.Rule : operation.Description + " " + CrossSiteCheck.Rule;
        if (operation.Responses?.TryGetValue("403", out var found) != true || found is not OpenApiResponse response) return;
        response.Description = "Cross-site request refused: the call carried the store's cookies without a bearer token or the RequestVerificationToken header (see the description).";
        if (response.Content?.TryGetValue("application/problem+json", out var problem) == true)
        {
            problem.Example = new System.Text.Json.Nodes.JsonObject
            {
                ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.4",
                ["title"] = CrossSiteCheck.Title,
                ["status"] = 403,
                ["detail"] = CrossSiteCheck.CookieDetail("the cookie .WebApp.Cart"),
            };
        }
    }

    private static void Add(OpenApiOperation operation, (string Name, JsonSchemaType Type, string Description)[] query)
    {
        foreach (var (name, type, description) in query)
        {
            if (operation.Parameters!.Any(p => p.Name == name)) continue;
            // A repeatable parameter is an array written as name=a&name=b (form style, exploded).
            var schema = type == JsonSchemaType.Array
                ? new OpenApiSchema { Type = type, Items = new OpenApiSchema { Type = JsonSchemaType.String }, MaxItems = WebApp.Search.SearchRequest.MaxChoices }
                : new OpenApiSchema { Type = type };
            operation.Parameters!.Add(new OpenApiParameter
            {
                Name = name, In = ParameterLocation.Query, Description = description, Schema = schema,
                Style = type == JsonSchemaType.Array ? ParameterStyle.Form : null, Explode = type == JsonSchemaType.Array,
            });
        }
    }

    private static void AddHeader(OpenApiOperation operation, string status, string name, JsonSchemaType type, string description)
    {
        if (operation.Responses?.TryGetValue(status, out var found) != true || found is not OpenApiResponse response) return;
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } };
    }

    private static OpenApiParameter Header(string name, bool required, string description) =>
        new() { Name = name, In = ParameterLocation.Header, Required = required, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
}
