using Microsoft.AspNetCore.WebUtilities;

namespace WebApp.Api;

/// <summary>
/// Every API error is RFC 9457 problem JSON. Handlers answer with these; anything else that ends an API call with an
/// empty error (no route, wrong method, a challenge, a rate limit) is given one by <see cref="UseApiProblems"/>, so an
/// API caller never gets the HTML error page or a sign-in redirect.
/// </summary>
public static class ApiProblems
{
    /// <summary>The API's root; everything under it speaks JSON.</summary>
    public const string Root = "/api/v1";

    public static bool IsApi(HttpContext http) => http.Request.Path.StartsWithSegments(Root, StringComparison.OrdinalIgnoreCase);

    /// <param name="code">
    /// What went wrong in a word a client can switch on ("empty-cart", "out-of-stock", "prices-changed"...): the 409s
    /// all share one <c>type</c>, and a client told them apart by their English (an outside review, session 45).
    /// </param>
    public static IResult Problem(int status, string detail, string? title = null, IDictionary<string, object?>? extensions = null, string? code = null)
    {
        if (code is not null) extensions = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { ["code"] = code };
        return TypedResults.Problem(statusCode: status, title: title ?? ReasonPhrases.GetReasonPhrase(status), detail: detail, extensions: extensions,
            type: TypesTheFrameworkLacks.GetValueOrDefault(status));
    }

    // The framework gives a problem its RFC's section as type for the common statuses only: the 402 "Payment declined"
    // went without one (session 53's review), and so did 413 and 429.
    private static readonly Dictionary<int, string> TypesTheFrameworkLacks = new()
    {
        [StatusCodes.Status402PaymentRequired] = "https://tools.ietf.org/html/rfc9110#section-15.5.3",
        [StatusCodes.Status413PayloadTooLarge] = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        [StatusCodes.Status429TooManyRequests] = "https://tools.ietf.org/html/rfc6585#section-4",
    };

    /// <summary>400 with messages by field (camelCase, as the JSON names them).</summary>
    public static IResult Invalid(IDictionary<string, string[]> errors, string detail = "Some fields need attention.") =>
        TypedResults.ValidationProblem(errors, detail: detail, title: "The request is not valid");

    public static IResult Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult NotFound(string detail = "There is nothing here.") => Problem(StatusCodes.Status404NotFound, detail);

    public static IResult Unauthorized(string detail = "Sign in first: send a bearer token from /api/v1/auth/login, or the site's sign-in cookie.") =>
        Problem(StatusCodes.Status401Unauthorized, detail);

    /// <summary>A JSON name for a C# property name: "AddressLine1" to "addressLine1".</summary>
    public static string FieldName(string property) =>
        property.Length == 0 ? property : char.ToLowerInvariant(property[0]) + property[1..];

    /// <summary>
    /// Inside the status code pages (so they see a body and stay out) and outside authorization and routing: an empty
    /// 4xx/5xx on an API path gets a problem body with the status' own title, and an exception a logged 500 problem.
    /// </summary>
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        // And any other address under /api but the docs page: "/api/v2/products" and "/api/products" answered the HTML
        // 404 page (an outside review, session 44).
        var otherVersion = !IsApi(http) && http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && !http.Request.Path.StartsWithSegments(ApiServices.DocsPath, StringComparison.OrdinalIgnoreCase);
        if (!IsApi(http) && !otherVersion)
        {
            await next(http);
            return;
        }
        try
        {
            await next(http);
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            // Kestrel's own refusals of a request (a body over its limit, a broken chunk): the client's fault.
            await Problem(e.StatusCode, "The request could not be read.").ExecuteAsync(http);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException && !http.Response.HasStarted)
        {
            // A bug: logged with the request id, answered as problem JSON instead of the HTML error page.
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("WebApp.Api")
                .LogError(e, "Unhandled error on {Method} {Path}, request {RequestId}", http.Request.Method, http.Request.Path.Value, http.TraceIdentifier);
            http.Response.Clear();
            await Problem(StatusCodes.Status500InternalServerError, "Something went wrong on our side; it has been logged.", extensions: new Dictionary<string, object?> { ["requestId"] = http.TraceIdentifier }).ExecuteAsync(http);
            return;
        }
        var response = http.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
        {
            var detail = response.StatusCode switch
            {
                StatusCodes.Status401Unauthorized => "Sign in first: send a bearer token from /api/v1/auth/login, or the site's sign-in cookie.",
                StatusCodes.Status403Forbidden => "You may not do this.",
                StatusCodes.Status404NotFound => otherVersion ? $"There is nothing here: this store's API is {Root}." : "There is nothing here.",
                StatusCodes.Status405MethodNotAllowed => "This address does not take that method.",
                StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON, with Content-Type: application/json.",
                StatusCodes.Status429TooManyRequests => "Slow down a little and try again in a moment.",
                _ => ReasonPhrases.GetReasonPhrase(response.StatusCode),
            };
            await Problem(response.StatusCode, detail).ExecuteAsync(http);
        }
    });
}
