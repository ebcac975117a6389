using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("FinalAccounts.Web.Tests.LongestFirst", "FinalAccounts.Web.Tests")]

namespace FinalAccounts.Web.Tests;

/// <summary>
/// Starts the longest test classes first. Two classes run at once (xunit.runner.json); a long class started last (two
/// portal processes, a browser journey) would otherwise run alone at the end while the other thread idles.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    // Measured in tests/README.md's runs, longest first; classes not named keep their order after these.
    private static readonly string[] Longest =
    [
        nameof(TwoNodeTests), nameof(BrowserWorkflowTests), nameof(BrowserEntryGridTests), nameof(AccessibilityTests),
        nameof(PdfAndPackTests), nameof(BrowserDraftTests), nameof(SqliteDataSafetyTests), nameof(PostgresDataSafetyTests),
        nameof(PostgresWorkflowApiTests), nameof(WorkbookTests), nameof(OutageTests), nameof(DemoRegionTests),
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => Rank(c.DisplayName));

    private static int Rank(string collection)
    {
        for (var i = 0; i < Longest.Length; i++)
        {
            if (collection.EndsWith("." + Longest[i], StringComparison.Ordinal))
            {
                return i;
            }
        }

        return Longest.Length;
    }
}
