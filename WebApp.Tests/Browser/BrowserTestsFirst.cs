using Xunit.Abstractions;

[assembly: TestCollectionOrderer("WebApp.Tests.Browser.BrowserTestsFirst", "WebApp.Tests")]

namespace WebApp.Tests.Browser;

/// <summary>
/// Starts the browser collection first. Its classes run one after another (<see cref="BrowserTestsRunAlone"/>), so it is
/// the longest single line of the run, some 40% of all test time; xunit starts collections in this order as threads
/// free up, and left to its own order the browser line began four minutes in and finished alone, the other core idle.
/// </summary>
public sealed class BrowserTestsFirst : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => c.DisplayName == BrowserTestsRunAlone.Name ? 0 : 1).ThenBy(c => c.UniqueID);
}
