using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Performance;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Infrastructure.Seeding;

/// <summary>
/// Stores a department with its reports from a data file, validating every table against its template first.
/// All or nothing: one invalid cell and nothing is written. A department whose code already exists is skipped, so
/// importing the same file twice adds nothing.
/// </summary>
public sealed class DepartmentDataImporter(TemplateSetRegistry templates, ClassificationCatalogs catalogs, TimeProvider clock)
{
    public async Task<Result<bool>> ImportAsync(FinalAccountsDbContext db, DepartmentData data, CancellationToken cancellationToken = default)
    {
        if (await db.Departments.AnyAsync(d => d.Code == data.Department.Code, cancellationToken))
        {
            return Result<bool>.Success(false);
        }

        var info = data.Department;
        var department = new Department(info.Code, info.Name, info.Region, info.Level);
        foreach (var alias in info.Aliases ?? [])
        {
            department.AddAlias(alias);
        }

        var errors = new List<DomainError>();
        var reports = new List<Report>();
        foreach (var reportData in data.Reports.OrderBy(r => r.FiscalYear).ThenBy(r => r.Revision))
        {
            var report = BuildReport(department, reportData, errors);
            if (report is not null)
            {
                reports.Add(report);
            }
        }

        if (errors.Count > 0)
        {
            return Result<bool>.Failure(errors);
        }

        // The department's current profile is the latest report's 概况.
        if (reports.LastOrDefault() is { } latest)
        {
            department.SetProfile(latest.Duties, latest.Units.Select(u => new BudgetUnit(u.Seq, u.Name, u.BudgetLevel)));
        }

        db.Departments.Add(department);
        db.Reports.AddRange(reports);
        await db.SaveChangesAsync(cancellationToken);
        return Result<bool>.Success(true);
    }

    private Report? BuildReport(Department department, ReportData data, List<DomainError> errors)
    {
        var where = $"{department.Code} {data.FiscalYear} 年第 {data.Revision} 版";
        var set = templates.Find(data.TemplateSet);
        if (set is null)
        {
            errors.Add(new DomainError("report.unknown_template", $"模板 {data.TemplateSet} 不存在", where));
            return null;
        }

        if (!Enum.TryParse<ReportStatus>(data.Status, ignoreCase: false, out var status))
        {
            errors.Add(new DomainError("report.bad_status", $"状态“{data.Status}”无效", where));
            return null;
        }

        var now = clock.GetUtcNow();
        var report = new Report(department, data.FiscalYear, set.Id, data.Revision, now);
        if (data.Overview is { } overview)
        {
            var staff = overview.Staff is { } s ? new StaffCounts(s.Active, s.Retired, s.Other, s.RetiredPaidByPensionFund) : StaffCounts.Unknown;
            report.SetOverview(
                overview.NameInHeaders ?? department.Name,
                overview.Duties ?? "",
                (overview.Units ?? []).Select(u => new BudgetUnit(u.Seq, u.Name, u.BudgetLevel)),
                staff);
        }

        report.SetNarrative((data.Narrative ?? []).Select(n => new NarrativeSection(n.Order, n.Heading, n.Text)));
        report.SetGlossary((data.Glossary ?? []).Select(g => new GlossaryTerm(g.Order, g.Term, g.Definition)));
        if (data.Performance is { } performance)
        {
            var read = PerformanceDocumentReader.Read(performance, $"{where} 绩效");
            if (read.IsSuccess)
            {
                report.SetPerformance(PerformanceDocumentWriter.Write(read.Value));
            }
            else
            {
                errors.AddRange(read.Errors);
            }
        }

        foreach (var tableData in data.Tables)
        {
            var table = set.FindTable(tableData.TableNo);
            if (table is null)
            {
                errors.Add(new DomainError("report.unknown_table", $"模板 {set.Id} 没有表 {tableData.TableNo}", where));
                continue;
            }

            var catalog = catalogs.ForTable(set, table);
            var cells = TableCellsValidator.Validate(table, catalog, tableData.Cells.Select(c => new CellInput(c.Row, c.Col, c.Value)));
            if (cells.IsSuccess)
            {
                report.ReplaceTable(table.TableNo, cells.Value.ToList(), now);
            }
            else
            {
                errors.AddRange(cells.Errors.Select(e => e with { Target = $"{where} {e.Target}" }));
            }
        }

        if (status == ReportStatus.Published)
        {
            report.PublishImported(now);
        }

        return report;
    }
}
