using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Reconciliation;
using FinalAccounts.Infrastructure.Reports;
using FinalAccounts.Infrastructure.Templates;

namespace FinalAccounts.Infrastructure.Excel;

/// <summary>Excel for officers: the workbook of a report (or a blank one per template set), and import of a filled one.</summary>
public sealed class WorkbookService(ReferenceData reference, ReconciliationService reconciliation, UploadLimits limits)
{
    public UploadLimits Limits => limits;

    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The report's workbook, pre-filled, with its reconciliation results.</summary>
    public byte[] Export(Report report, Department department)
    {
        var set = reference.Templates.Find(report.TemplateSetId) ?? throw new InvalidOperationException($"模板 {report.TemplateSetId} 不存在");
        var outcome = reconciliation.Evaluate(report, department);
        using var output = new MemoryStream();
        ReportWorkbookWriter.Write(
            output,
            set,
            new WorkbookSubject(set.Id, set.Version, department.Code, report.NameInHeaders.Length > 0 ? report.NameInHeaders : department.Name,
                report.FiscalYear, report.Revision, report.Version, report.Status.ToChinese())
            {
                TableNotes = report.TableNotes.ToDictionary(n => n.TableNo, n => n.Text, StringComparer.Ordinal),
                Synthetic = department.Synthetic,
            },
            report.Cells.ToList(),
            t => reference.Catalogs.ForTable(set, t),
            outcome?.Result,
            new WorkbookNarrative(report.Narrative.Select(n => (n.Heading, n.Text)).ToList(), report.Glossary.Select(g => (g.Term, g.Definition)).ToList()),
            ReconciliationService.PerformanceOf(report));
        return output.ToArray();
    }

    /// <summary>An empty workbook of a template set, for officers to fill offline.</summary>
    public byte[]? Blank(string templateSetId) => reference.Templates.Find(templateSetId) is { } set ? Blank(set) : null;

    /// <summary>An empty workbook of any compiled set (also an upload being previewed before it is activated).</summary>
    public byte[] Blank(TemplateSet set)
    {
        using var output = new MemoryStream();
        ReportWorkbookWriter.Write(output, set, new WorkbookSubject(set.Id, set.Version, null, null, set.FiscalYear, null, null, null), [], t => reference.Catalogs.ForTable(set, t), null);
        return output.ToArray();
    }

    /// <summary>Reads a workbook against a template set without touching any report (the import use case applies what it read).</summary>
    public Result<ImportedWorkbook> Read(byte[] bytes, TemplateSet set, string? departmentCode, int fiscalYear) =>
        ReportWorkbookReader.Read(bytes, set, t => reference.Catalogs.ForTable(set, t), Limits, departmentCode, fiscalYear);
}
