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
            return (null, ApiProblems.Invalid(FieldOf(e.Path), MessageOf(e, buffer.ToArray())));
        }
    }

    private static IResult TooLarge() => ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, $"Bodies are limited to {MaxBodyBytes / 1024} KB.");

    // "$.card.number" names the field; "$" (or nothing) is the body as a whole.
    private static string FieldOf(string? path) => path is null or "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    // The serializer's messages name .NET types and paths; a client needs only what was wrong. "Could not be converted"
    // covers more than a wrong type: a number out of range, invalid UTF-8, a lone surrogate and nesting past the
    // reader's depth all said "This value has the wrong type." (session 53's review); the cause is in the inner exception.
    private static string MessageOf(JsonException e, byte[] body) => e.Message switch
    {
        var m when m.Contains("could not be mapped", StringComparison.Ordinal) => "This field is not part of the request: check its spelling.",
        var m when m.Contains("missing required properties", StringComparison.Ordinal) => "Required fields are missing: " + RequiredNames(m) + ".",
        var m when m.Contains("maximum configured depth", StringComparison.Ordinal) || TooDeep(body) => $"This value is nested too deeply (at most {MaxDepth} levels).",
        _ when Causes(e).Any(c => c is System.Text.DecoderFallbackException || c.Message.Contains("invalid UTF-8", StringComparison.Ordinal)) => "This text is not valid UTF-8.",
        _ when Causes(e).Any(c => c.Message.Contains("UTF-16", StringComparison.Ordinal)) => "This text holds half of a surrogate pair (\\ud800 to \\udfff alone), which is not a character.",
        _ when e.InnerException is FormatException => NumberMessage(body, e.Path),
        var m when m.Contains("could not be converted", StringComparison.Ordinal) => "This value has the wrong type.",
        var m when m.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) => "This field appears more than once: send it once.",
        _ => "The body is not valid JSON.",
    };

    // The serializer's default (JsonSerializerOptions.MaxDepth 0 means 64).
    private const int MaxDepth = 64;

    private static IEnumerable<Exception> Causes(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException) yield return inner;
    }

    // A deep value in a field the serializer refuses at its first bracket never reaches the reader's depth check.
    private static bool TooDeep(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
            return false;
        }
        catch (JsonException e)
        {
            return e.Message.Contains("depth", StringComparison.Ordinal);
        }
    }

    // A number the field's type cannot hold: the reader says only "not in a supported format, or out of bounds", so
    // the number as sent tells which.
    private static string NumberMessage(byte[] body, string? path)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(FieldOf(path), out var value)
                && value.ValueKind == JsonValueKind.Number && value.GetRawText() is var raw)
            {
                return raw.AsSpan().IndexOfAny(".eE") >= 0 ? "This must be a whole number."
                    : raw.StartsWith('-') ? "This number is too far below zero." : "This number is too large.";
            }
        }
        catch (JsonException)
        {
        }
        return "This value has the wrong type.";
    }

    private static string RequiredNames(string message)
    {
        var start = message.IndexOf("including: ", StringComparison.Ordinal);
        return start < 0 ? "see the API reference" : message[(start + "including: ".Length)..].TrimEnd('.');
    }
}
