using AngleSharp;
using AngleSharp.Html.Dom;

namespace WebApp.Tests.Infrastructure;

/// <summary>AngleSharp helpers in the style of ASP.NET Core's functional tests: parse a response, submit a real form.</summary>
public static class Html
{
    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return await GetDocumentAsync(response);
    }

    public static async Task<IHtmlDocument> GetDocumentAsync(HttpResponseMessage response)
    {
        var content = await response.Content.ReadAsStringAsync();
        var document = await BrowsingContext.New().OpenAsync(r =>
        {
            r.Content(content);
            r.Address(response.RequestMessage!.RequestUri);
            r.Status(response.StatusCode);
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                r.Header(header.Key, string.Join(", ", header.Value));
            }
        });
        return (IHtmlDocument)document;
    }

    /// <summary>A GET carrying exactly <paramref name="cookie"/>, as a thief replaying a copied cookie would send it.</summary>
    public static async Task<HttpResponseMessage> GetWithCookieAsync(this HttpClient client, string url, string cookie)
    {
        using var request = new HttpRequestMessage(System.Net.Http.HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    /// <summary>The product ids of the product cards inside <paramref name="scope"/>, in page order.</summary>
    public static List<int> ProductIds(AngleSharp.Dom.IParentNode scope) =>
        [.. scope.QuerySelectorAll(".product-card a.product-card-link")
            .Select(a => int.Parse(a.GetAttribute("href")!.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The number a listing's "#result-count" starts with ("1,234 results", "10,000+ results").</summary>
    public static int ResultCount(AngleSharp.Dom.IParentNode page) =>
        int.Parse(page.QuerySelector("#result-count")!.TextContent.Trim().Split(' ')[0].Replace(",", "", StringComparison.Ordinal).TrimEnd('+'), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Submits <paramref name="form"/> with its own fields (antiforgery token included), overriding <paramref name="values"/>.</summary>
    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient client, IHtmlFormElement form, IEnumerable<KeyValuePair<string, string>>? values = null, IHtmlElement? submitButton = null) =>
        client.SendAsync(FormRequest(form, values, submitButton));

    /// <summary>The request a browser would send for <paramref name="form"/>, to send later, add headers to, or send twice.</summary>
    public static HttpRequestMessage FormRequest(IHtmlFormElement form, IEnumerable<KeyValuePair<string, string>>? values = null, IHtmlElement? submitButton = null)
    {
        foreach (var (name, value) in values ?? [])
        {
            var radios = form.QuerySelectorAll($"input[type=radio][name='{name}']").OfType<IHtmlInputElement>().ToList();
            if (radios.Count > 0)
            {
                if (radios.All(r => r.Value != value)) throw new ArgumentException($"No option '{value}' for '{name}'.", nameof(values));
                foreach (var radio in radios) radio.IsChecked = radio.Value == value;
                continue;
            }
            switch (form[name])
            {
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    input.IsChecked = bool.TryParse(value, out var on) ? on : input.Value == value;
                    break;
                case IHtmlInputElement input:
                    input.Value = value;
                    break;
                case IHtmlSelectElement select:
                    select.Value = value;
                    break;
                case IHtmlTextAreaElement area:
                    area.Value = value;
                    break;
                default:
                    throw new ArgumentException($"The form has no field named '{name}'.", nameof(values));
            }
        }

        // The server's validation is under test, not the browser's: submit whatever the fields hold.
        form.NoValidate = true;
        var submitter = submitButton ?? (IHtmlElement?)form.QuerySelector("[type=submit]");
        var request = (submitter is null ? form.GetSubmission() : form.GetSubmission(submitter))!;
        var target = new Uri(request.Target.Href);
        var message = new HttpRequestMessage(new System.Net.Http.HttpMethod(request.Method.ToString().ToUpperInvariant()), target);
        if (request.Method == AngleSharp.Io.HttpMethod.Post)
        {
            var body = new StreamContent(request.Body);
            foreach (var header in request.Headers)
            {
                body.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            message.Content = body;
        }
        return message;
    }
}
