namespace WebApp.Api;

/// <summary>
/// HEAD wherever GET is taken (RFC 9110 9.3.2: a server that answers GET answers HEAD with the same headers and no
/// body). Link checkers, uptime monitors and caches ask HEAD for a resource's status, type and validators. Razor
/// Pages, static files and product pictures take it already; a minimal API's <c>MapGet</c> matches GET alone, which
/// answered HEAD with 405. Kestrel sends no body for a HEAD, so the GET handler serves both.
/// </summary>
public static class HeadAsGet
{
    /// <summary>Adds HEAD to every endpoint of <paramref name="builder"/> (a group's, at the end) that takes GET.</summary>
    public static TBuilder AnswerHead<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        // Finally: a group's conventions run before its endpoints' own, which is where MapGet's method is set.
        builder.Finally(AddHead);
        return builder;
    }

    private static void AddHead(EndpointBuilder endpoint)
    {
        // Routing reads the last method metadata, so a wider one added after replaces the GET-only one.
        if (endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault() is not { } methods) return;
        if (!methods.HttpMethods.Contains(HttpMethods.Get) || methods.HttpMethods.Contains(HttpMethods.Head)) return;
        endpoint.Metadata.Add(new HttpMethodMetadata([.. methods.HttpMethods, HttpMethods.Head], methods.AcceptCorsPreflight));
    }
}
