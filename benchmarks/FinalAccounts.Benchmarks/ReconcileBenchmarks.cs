using BenchmarkDotNet.Attributes;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Seeding;
using FinalAccounts.Infrastructure.Templates;

namespace FinalAccounts.Benchmarks;

/// <summary>Reconciling one department-year (the demo report) with every S/T/X rule of jiangxi-2023.</summary>
[MemoryDiagnoser]
[InProcess] // the generated project would lack the ASP.NET Core framework reference Identity needs
public class ReconcileBenchmarks
{
    private ReferenceData _reference = default!;
    private TemplateSet _set = default!;
    private ReconciliationRuleSet _rules = default!;
    private List<ReportCell> _cells = default!;
    private ReportFacts _facts = default!;
    private ReconciliationData _data = default!;

    [GlobalSetup]
    public void Setup()
    {
        _reference = ReferenceDataLoader.Load(null);
        _set = _reference.Templates.Find("jiangxi-2023")!;
        _rules = _reference.Rules.Find("jiangxi-2023")!;
        var demo = DemoDataSeeder.ReadPublishedDemo();
        _cells = Program.CellsOf(_reference, demo.Reports[0]);
        _facts = new ReportFacts(demo.Department.Name, demo.Department.Aliases ?? [], demo.Reports[0].Overview!.NameInHeaders!, 2023, new StaffCounts(60, 0, 0, 8));
        _data = new ReconciliationData(_set, _reference.Catalogs, _cells, _facts);
    }

    internal ReconciliationData Data => _data;

    internal ReconciliationRuleSet Rules => _rules;

    internal ReconciliationData Index() => new(_set, _reference.Catalogs, _cells, _facts);

    /// <summary>Index the cells and run all 69 rules (740 checks): what a save or a batch item costs.</summary>
    [Benchmark(Baseline = true)]
    public ReconciliationResult IndexAndReconcile() =>
        ReconciliationEngine.Evaluate(_rules, new ReconciliationData(_set, _reference.Catalogs, _cells, _facts));

    /// <summary>The rules alone, on already indexed cells.</summary>
    [Benchmark]
    public ReconciliationResult ReconcileIndexed() => ReconciliationEngine.Evaluate(_rules, _data);

    /// <summary>Hash of the checked data, stored with each result.</summary>
    [Benchmark]
    public string DataHash() => ReconciliationHash.Compute(_cells, _facts, "jiangxi-2023", _rules.Version);
}
