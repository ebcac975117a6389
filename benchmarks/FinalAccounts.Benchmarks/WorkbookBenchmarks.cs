using BenchmarkDotNet.Attributes;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Excel;
using FinalAccounts.Infrastructure.Seeding;
using FinalAccounts.Infrastructure.Templates;

namespace FinalAccounts.Benchmarks;

/// <summary>The demo report as an .xlsx: writing the official-layout workbook (with its 勾稽校验 sheet) and reading one back with every check.</summary>
[MemoryDiagnoser]
[InProcess]
public class WorkbookBenchmarks
{
    private ReferenceData _reference = default!;
    private TemplateSet _set = default!;
    private List<ReportCell> _cells = default!;
    private ReconciliationResult _reconciliation = default!;
    private byte[] _workbook = [];
    private WorkbookSubject _subject = default!;

    [GlobalSetup]
    public void Setup()
    {
        _reference = ReferenceDataLoader.Load(null);
        _set = _reference.Templates.Find("jiangxi-2023")!;
        var demo = DemoDataSeeder.ReadPublishedDemo();
        _cells = Program.CellsOf(_reference, demo.Reports[0]);
        var facts = new ReportFacts(demo.Department.Name, demo.Department.Aliases ?? [], demo.Reports[0].Overview!.NameInHeaders!, 2023, new StaffCounts(60, 0, 0, 8));
        _reconciliation = ReconciliationEngine.Evaluate(_reference.Rules.Find("jiangxi-2023")!, new ReconciliationData(_set, _reference.Catalogs, _cells, facts));
        _subject = new WorkbookSubject(_set.Id, _set.Version, demo.Department.Code, demo.Department.Name, 2023, 1, 1, "已公开");
        _workbook = Export();
    }

    /// <summary>Export: ten table sheets, the reconciliation sheet and the hidden identity sheet.</summary>
    [Benchmark]
    public byte[] Export()
    {
        using var output = new MemoryStream();
        ReportWorkbookWriter.Write(output, _set, _subject, _cells, t => _reference.Catalogs.ForTable(_set, t), _reconciliation);
        return output.ToArray();
    }

    /// <summary>Import: package checks (size, zip entries), structure, codes and every value, as an upload does before its preview.</summary>
    [Benchmark]
    public Result<ImportedWorkbook> Import() =>
        ReportWorkbookReader.Read(_workbook, _set, t => _reference.Catalogs.ForTable(_set, t), UploadLimits.Default, _subject.DepartmentCode, 2023);
}
