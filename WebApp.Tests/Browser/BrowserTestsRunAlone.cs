namespace WebApp.Tests.Browser;

/// <summary>
/// Browser test classes run one after another, not side by side: each starts its own Kestrel and Chromium, and on two
/// cores several at once starved each other until a page's navigation timed out.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserTestsRunAlone
{
    public const string Name = "Browser";
}
