using System.Collections.Concurrent;
using System.Reflection;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("FinalAccounts.Web.Tests.InOrderTestFramework", "FinalAccounts.Web.Tests")]
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

/// <summary>
/// xunit's own framework, except that the test classes start in <see cref="LongestFirst"/>'s order. xunit 2.9 starts
/// every class at once on the thread pool and lets them queue for its two slots: the pool's queues (last in, first out
/// for the thread that queued them) shuffle that order, and a 30-second browser class often started among the last and
/// ran alone for up to 24 s at the end (tests/README.md, session 11).
/// </summary>
public sealed class InOrderTestFramework(IMessageSink diagnosticMessageSink) : XunitTestFramework(diagnosticMessageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        // xunit's executor has the same async void override: the runner reports the end through the message sink.
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new InOrderAssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class InOrderAssemblyRunner(ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        /// <summary>As many workers as xunit would run classes at once, each taking the next class in order when it is free.</summary>
        protected override async Task<RunSummary> RunTestCollectionsAsync(IMessageBus messageBus, CancellationTokenSource cancellationTokenSource)
        {
            var workers = ExecutionOptions.DisableParallelization() == true ? 1 : ExecutionOptions.MaxParallelThreadsOrDefault();
            if (workers < 1)
            {
                workers = Environment.ProcessorCount;
            }

            var next = new ConcurrentQueue<Tuple<ITestCollection, List<IXunitTestCase>>>(OrderTestCollections());
            async Task<RunSummary> WorkAsync()
            {
                var summary = new RunSummary();
                while (!cancellationTokenSource.IsCancellationRequested && next.TryDequeue(out var collection))
                {
                    summary.Aggregate(await RunTestCollectionAsync(messageBus, collection.Item1, collection.Item2, cancellationTokenSource));
                }

                return summary;
            }

            var total = new RunSummary();
            foreach (var summary in await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync))))
            {
                total.Aggregate(summary);
            }

            return total;
        }
    }
}
