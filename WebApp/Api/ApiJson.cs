using System.Text.Json;
using Microsoft.Extensions.Options;

namespace WebApp.Api;

/// <summary>
/// Reads an API request body. Minimal API binding answers a malformed body with an empty 400 and says nothing about
/// which field; this answers 415 for anything but JSON and a 400 naming the field for bad JSON, a wrong type or an
/// unknown field (the serializer refuses unmapped members, so a typo is never silently ignored).
/// </summary>
public static class ApiJson
{
    /// <summary>No API body is near this; a larger one is refused before it is read.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext http) where T : class
    {
        if (!http.Request.HasJsonContentType())
        {
            return (null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Send the body as JSON, with Content-Type: application/json."));
        }
        if (http.Request.ContentLength > MaxBodyBytes) return (null, TooLarge());
        // A chunked body has no length to check: read at most one byte past the limit, whatever the server's own cap.
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return (null, TooLarge());
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;

        var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(buffer, options, http.RequestAborted);
            return value is null ? (null, ApiProblems.Invalid("body", "Send a JSON object.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, ApiProblems.Invalid(FieldOf(e.Path), MessageOf(e)));
        }
    }

    private static IResult TooLarge() => ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, $"Bodies are limited to {MaxBodyBytes / 1024} KB.");

    // "$.card.number" names the field; "$" (or nothing) is the body as a whole.
    private static string FieldOf(string? path) => path is null or "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    // The serializer's messages name .NET types and paths; a client needs only what was wrong.
    private static string MessageOf(JsonException e) => e.Message switch
    {
        var m when m.Contains("could not be mapped", StringComparison.Ordinal) => "This field is not part of the request: check its spelling.",
        var m when m.Contains("missing required properties", StringComparison.Ordinal) => "Required fields are missing: " + RequiredNames(m) + ".",
        var m when m.Contains("could not be converted", StringComparison.Ordinal) => "This value has the wrong type.",
        var m when m.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) => "This field appears more than once: send it once.",
        _ => "The body is not valid JSON.",
    };

    private static string RequiredNames(string message)
    {
        var start = message.IndexOf("including: ", StringComparison.Ordinal);
        return start < 0 ? "see the API reference" : message[(start + "including: ".Length)..].TrimEnd('.');
    }
}
