using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace WebApp.Api;

/// <summary>
/// A known API address called with a method it does not take answers 405 with <c>Allow</c>, not 404. Routing does
/// that by itself only when no endpoint at all would take the method (in development the static-asset fallback,
/// <c>{**path:file}</c>, takes every GET), and it decides on the method before a parameter's constraint, so a GET on
/// <c>/orders/abc/cancel</c> (POST-only, <c>{id:int}</c>) would be its 405 where there is no such address. After
/// routing: when nothing matched, or routing answered 405, the API's own endpoints are asked which of them match the
/// path, constraints included, and with what methods; none, and it is a 404.
/// </summary>
public static class WrongMethod
{
    // HttpMethodMatcherPolicy's endpoint for "no candidate takes this method" (its display name is the only mark).
    private const string Routed405 = "405 HTTP Method Not Supported";

    public static IApplicationBuilder UseApiWrongMethod(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var endpoint = http.GetEndpoint();
        var routed405 = endpoint is not null and not RouteEndpoint && endpoint.DisplayName == Routed405;
        // OPTIONS with nothing matched is left to CORS and routing; routing's 405 for it is answered as any other: its
        // Allow lists every candidate's methods, constraints unchecked, so in Development the static-asset fallback's
        // GET and HEAD were offered on POST-only addresses (session 53's review).
        if ((endpoint is not null && !routed405) || !ApiProblems.IsApi(http) || (HttpMethods.IsOptions(http.Request.Method) && !routed405))
        {
            await next(http);
            return;
        }
        var allowed = AllowedMethods(http);
        if (allowed.Count == 0)
        {
            // No such address: a 404.
            if (routed405) http.SetEndpoint(null);
            await next(http);
            return;
        }
        http.Response.Headers.Allow = string.Join(", ", allowed);
        await ApiProblems.Problem(StatusCodes.Status405MethodNotAllowed, "This address does not take that method: see the Allow header.").ExecuteAsync(http);
    });

    private static SortedSet<string> AllowedMethods(HttpContext http)
    {
        var allowed = new SortedSet<string>(StringComparer.Ordinal);
        var constraints = http.RequestServices.GetRequiredService<IInlineConstraintResolver>();
        foreach (var endpoint in http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern;
            if (pattern.RawText is not { } raw || !raw.TrimStart('/').StartsWith(ApiProblems.Root.TrimStart('/'), StringComparison.OrdinalIgnoreCase)) continue;
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { HttpMethods.Count: > 0 } methods) continue;
            var values = new RouteValueDictionary();
            if (!new TemplateMatcher(TemplateParser.Parse(raw.TrimStart('/')), []).TryMatch(http.Request.Path, values)) continue;
            if (!ConstraintsHold(pattern, values, constraints, http)) continue;
            allowed.UnionWith(methods.HttpMethods);
        }
        return allowed;
    }

    // "{id:int}" must hold too: "/orders/abc/cancel" is no address at all (404), not a wrong method.
    private static bool ConstraintsHold(RoutePattern pattern, RouteValueDictionary values, IInlineConstraintResolver resolver, HttpContext http)
    {
        foreach (var (name, policies) in pattern.ParameterPolicies)
        {
            foreach (var policy in policies)
            {
                if (policy.Content is { } text && resolver.ResolveConstraint(text) is { } constraint
                    && !constraint.Match(http, null, name, values, RouteDirection.IncomingRequest)) return false;
            }
        }
        return true;
    }
}
