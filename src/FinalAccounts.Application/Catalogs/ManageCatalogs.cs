using System.Text;
using FinalAccounts.Domain.Accounts;
using FinalAccounts.Domain.Auditing;
using FinalAccounts.Domain.Classifications;
using FinalAccounts.Domain.Common;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;
using FinalAccounts.Infrastructure.Catalogs;
using FinalAccounts.Infrastructure.Persistence;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.EntityFrameworkCore;

namespace FinalAccounts.Application.Catalogs;

/// <summary>An uploaded catalogue or mapping: the bytes as sent (CSV text or an .xlsx workbook) and where they came from.</summary>
public sealed record CatalogUpload(byte[] Bytes, string Source);

/// <summary>A draft (or returned report) that uses a code an import removes or renames.</summary>
public sealed record AffectedDraft(string DepartmentCode, string DepartmentName, int FiscalYear, int Revision, string TableNo, string Code, string Change);

/// <summary>What an import would do: the changes, the drafts they touch, and the codes entered as printed it would confirm.</summary>
public sealed record CatalogPreview(int Year, ClassificationKind Kind, int? CurrentVersion, int Count, CatalogDiff Diff, IReadOnlyList<AffectedDraft> AffectedDrafts, IReadOnlyList<string> Confirms);

/// <summary>A version just stored and what it changed.</summary>
public sealed record CatalogImported(CatalogVersionRecord Version, CatalogDiff Diff);

/// <summary>A code entered as printed that the current catalogue of its year lacks, and the reports that use it.</summary>
public sealed record UnconfirmedCode(int Year, ClassificationKind Kind, string Code, IReadOnlyList<string> Names, IReadOnlyList<UnconfirmedUse> Reports);

/// <summary>One report's use of an unconfirmed code.</summary>
public sealed record UnconfirmedUse(string DepartmentCode, string DepartmentName, int FiscalYear, int Revision, string Status, string TableNo, string Name);

/// <summary>
/// Catalogue administration (ADR 0019): list and read versions (any signed-in user), preview and import a year's
/// catalogue, list and confirm codes entered as printed, and store a year-to-year mapping (administrators). Every
/// change is a new version, audited, and current at once on this node (others notice by the version count).
/// </summary>
public sealed class ManageCatalogs(IDbContextFactory<FinalAccountsDbContext> contexts, CatalogStore store, TemplateSetRegistry templates, TimeProvider clock)
{
    public async Task<Result<IReadOnlyList<CatalogVersionRecord>>> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        if (caller.Actor is null)
        {
            return Result<IReadOnlyList<CatalogVersionRecord>>.Failure(new DomainError("auth.required", "请先登录"));
        }

        return Result<IReadOnlyList<CatalogVersionRecord>>.Success(await store.VersionsAsync(cancellationToken));
    }

    public async Task<Result<(CatalogVersionRecord Version, ClassificationCatalog Catalog)>> ReadAsync(Caller caller, int year, ClassificationKind kind, int? version, CancellationToken cancellationToken = default)
    {
        if (caller.Actor is null)
        {
            return Result<(CatalogVersionRecord, ClassificationCatalog)>.Failure(new DomainError("auth.required", "请先登录"));
        }

        return await store.FindAsync(year, kind, version, cancellationToken) is { } found
            ? Result<(CatalogVersionRecord, ClassificationCatalog)>.Success(found)
            : Result<(CatalogVersionRecord, ClassificationCatalog)>.Failure(new DomainError("catalog.not_found",
                version is null ? $"没有 {year} 年{CatalogImport.KindName(kind)}科目目录" : $"{year} 年{CatalogImport.KindName(kind)}科目目录没有第 {version} 版"));
    }

    public async Task<Result<CatalogPreview>> PreviewAsync(Caller caller, int year, ClassificationKind kind, CatalogUpload upload, CancellationToken cancellationToken = default)
    {
        var parsed = Parse(caller, year, kind, upload);
        if (!parsed.IsSuccess)
        {
            return Result<CatalogPreview>.Failure(parsed.Errors);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var current = await CatalogStore.FindAsync(db, year, kind, null, cancellationToken);
        var diff = CatalogDiff.Between(current?.Catalog, parsed.Value);
        var affected = await AffectedDraftsAsync(db, year, kind, diff, cancellationToken);
        var unconfirmed = await UnconfirmedAsync(db, cancellationToken);
        var confirms = unconfirmed.Where(u => u.Year == year && u.Kind == kind && parsed.Value.Contains(u.Code)).Select(u => u.Code).ToList();
        return Result<CatalogPreview>.Success(new CatalogPreview(year, kind, current?.Version.Version, parsed.Value.Count, diff, affected, confirms));
    }

    public async Task<Result<CatalogImported>> ImportAsync(Caller caller, int year, ClassificationKind kind, CatalogUpload upload, CancellationToken cancellationToken = default)
    {
        var parsed = Parse(caller, year, kind, upload);
        return parsed.IsSuccess
            ? await StoreAsync(caller, parsed.Value, upload.Source, AuditActions.CatalogImport, "导入", cancellationToken)
            : Result<CatalogImported>.Failure(parsed.Errors);
    }

    /// <summary>Every code entered as printed that its year's current catalogue lacks (administrators).</summary>
    public async Task<Result<IReadOnlyList<UnconfirmedCode>>> UnconfirmedAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        if (!AccessPolicy.CanManage(caller.Actor))
        {
            return Result<IReadOnlyList<UnconfirmedCode>>.Failure(Forbidden());
        }

        await store.EnsureCurrentAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return Result<IReadOnlyList<UnconfirmedCode>>.Success(await UnconfirmedAsync(db, cancellationToken));
    }

    /// <summary>Adds a code entered as printed to its year's catalogue as a new version (its name as printed unless one is given).</summary>
    public async Task<Result<CatalogImported>> ConfirmAsync(Caller caller, int year, ClassificationKind kind, string code, string? name, CancellationToken cancellationToken = default)
    {
        if (!AccessPolicy.CanManage(caller.Actor))
        {
            return Result<CatalogImported>.Failure(Forbidden());
        }

        await store.EnsureCurrentAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var current = await CatalogStore.FindAsync(db, year, kind, null, cancellationToken);
        if (current?.Catalog.Contains(code) == true)
        {
            return Result<CatalogImported>.Failure(new DomainError("catalog.code_present", $"科目 {code} 已在 {year} 年{CatalogImport.KindName(kind)}科目目录中（第 {current.Value.Version.Version} 版）", "code"));
        }

        var printed = (await UnconfirmedAsync(db, cancellationToken)).FirstOrDefault(u => u.Year == year && u.Kind == kind && u.Code == code);
        var chosen = string.IsNullOrWhiteSpace(name) ? printed?.Names.FirstOrDefault() : name.Trim();
        if (chosen is null)
        {
            return Result<CatalogImported>.Failure(new DomainError("catalog.name_missing", $"科目 {code} 没有填报人填写的名称，请给出名称", "name"));
        }

        var lines = (current?.Catalog.Entries ?? []).Select((e, i) => new CatalogLine(i + 2, e.Key, e.Value)).Append(new CatalogLine(0, code, chosen)).ToList();
        var built = CatalogImport.Build(kind, year, lines);
        if (!built.IsSuccess)
        {
            // Only the new line can be wrong (the current version passed the same checks): name it as the request.
            return Result<CatalogImported>.Failure(built.Errors.Select(e => e with { Target = "code" }).ToList());
        }

        return await StoreAsync(caller, built.Value, $"确认填报的科目 {code} {chosen}", AuditActions.CatalogConfirm, "确认", cancellationToken);
    }

    /// <summary>Replaces the mapping of a kind's codes from one year to the next, checked against both years' current catalogues.</summary>
    public async Task<Result<CodeMapping>> SaveMappingAsync(Caller caller, int fromYear, int toYear, ClassificationKind kind, CatalogUpload upload, CancellationToken cancellationToken = default)
    {
        if (!AccessPolicy.CanManage(caller.Actor))
        {
            return Result<CodeMapping>.Failure(Forbidden());
        }

        if (fromYear == toYear)
        {
            return Result<CodeMapping>.Failure(new DomainError("mapping.same_year", "对照的两个年度不能相同", "toYear"));
        }

        if (upload.Bytes.Length > CatalogImport.MaxBytes)
        {
            return Result<CodeMapping>.Failure(CatalogImport.TooLarge(upload.Bytes.Length));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var from = await CatalogStore.FindAsync(db, fromYear, kind, null, cancellationToken);
        var to = await CatalogStore.FindAsync(db, toYear, kind, null, cancellationToken);
        if (from is null || to is null)
        {
            return Result<CodeMapping>.Failure(new DomainError("catalog.not_found", $"没有 {(from is null ? fromYear : toYear)} 年{CatalogImport.KindName(kind)}科目目录，请先导入"));
        }

        if (Text(upload.Bytes) is not { } csv)
        {
            return Result<CodeMapping>.Failure(NotUtf8());
        }

        var mapping = CodeMapping.Parse(csv, from.Value.Catalog, to.Value.Catalog);
        if (!mapping.IsSuccess)
        {
            return mapping;
        }

        var kindText = CatalogKinds.ToText(kind);
        db.CatalogMappings.RemoveRange(await db.CatalogMappings.Where(m => m.FromYear == fromYear && m.ToYear == toYear && m.Kind == kindText).ToListAsync(cancellationToken));
        db.CatalogMappings.AddRange(mapping.Value.Pairs.Select(p => new CatalogMappingRecord { FromYear = fromYear, ToYear = toYear, Kind = kindText, FromCode = p.FromCode, ToCode = p.ToCode }));
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), caller.UserName, caller.Address, AuditActions.CatalogMapping,
            $"保存{CatalogImport.KindName(kind)}科目 {fromYear} → {toYear} 年对照 {mapping.Value.Pairs.Count} 条（{upload.Source}）"));
        await db.SaveChangesAsync(cancellationToken);
        return mapping;
    }

    private Result<ClassificationCatalog> Parse(Caller caller, int year, ClassificationKind kind, CatalogUpload upload)
    {
        if (!AccessPolicy.CanManage(caller.Actor))
        {
            return Result<ClassificationCatalog>.Failure(Forbidden());
        }

        if (!FiscalYears.IsValid(year))
        {
            return Result<ClassificationCatalog>.Failure(new DomainError("catalog.year", $"年度 {year} 应在 2000–2100 之间", "year"));
        }

        if (upload.Bytes.Length > CatalogImport.MaxBytes)
        {
            return Result<ClassificationCatalog>.Failure(CatalogImport.TooLarge(upload.Bytes.Length));
        }

        if (upload.Bytes.Length == 0)
        {
            return Result<ClassificationCatalog>.Failure(new DomainError("catalog.empty", "请求体为空：应为 code,name 的 CSV 或 .xlsx 工作簿", "file"));
        }

        // An .xlsx is a zip (PK\3\4); anything else is read as CSV text.
        var lines = upload.Bytes is [(byte)'P', (byte)'K', 3, 4, ..]
            ? CatalogWorkbookReader.Read(upload.Bytes)
            : Text(upload.Bytes) is { } csv ? CatalogImport.ReadCsv(csv) : Result<IReadOnlyList<CatalogLine>>.Failure(NotUtf8());
        return lines.IsSuccess ? CatalogImport.Build(kind, year, lines.Value) : Result<ClassificationCatalog>.Failure(lines.Errors);
    }

    private async Task<Result<CatalogImported>> StoreAsync(Caller caller, ClassificationCatalog catalog, string source, string action, string verb, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var current = await CatalogStore.FindAsync(db, catalog.Year, catalog.Kind, null, cancellationToken);
        var diff = CatalogDiff.Between(current?.Catalog, catalog);
        var now = clock.GetUtcNow();
        var record = CatalogStore.Add(db, catalog, (current?.Version.Version ?? 0) + 1, now, caller.UserName, source, diff);
        db.AuditEntries.Add(new AuditEntry(now, caller.UserName, caller.Address, action,
            $"{verb}{catalog.Year} 年{CatalogImport.KindName(catalog.Kind)}科目目录第 {record.Version} 版（{source}）：共 {catalog.Count} 个科目，新增 {diff.Added.Count}、更名 {diff.Renamed.Count}、删除 {diff.Removed.Count}"));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsConflict(e))
        {
            return Result<CatalogImported>.Failure(new DomainError("catalog.conflict", $"{catalog.Year} 年{CatalogImport.KindName(catalog.Kind)}科目目录刚被他人更新为第 {record.Version} 版，请重新预览后再导入"));
        }

        await store.EnsureCurrentAsync(cancellationToken);
        return Result<CatalogImported>.Success(new CatalogImported(record, diff));
    }

    /// <summary>Drafts and returned reports whose coded tables (of this kind, laid out by a set reading this year's catalogue) use a removed or renamed code.</summary>
    private async Task<IReadOnlyList<AffectedDraft>> AffectedDraftsAsync(FinalAccountsDbContext db, int year, ClassificationKind kind, CatalogDiff diff, CancellationToken cancellationToken)
    {
        var changes = diff.Removed.Select(r => (r.Key, Change: "删除")).Concat(diff.Renamed.Select(r => (Key: r.Code, Change: $"更名为“{r.NewName}”")))
            .ToDictionary(c => c.Key, c => c.Change, StringComparer.Ordinal);
        if (changes.Count == 0)
        {
            return [];
        }

        var sets = templates.All.Where(s => s.CatalogYear == year).ToDictionary(s => s.Id, s => s.Tables.Where(t => t.CodedPanel?.Coded?.Classification == kind).Select(t => t.TableNo).ToHashSet());
        var setIds = sets.Keys.ToList();
        var drafts = await db.Reports.AsNoTracking()
            .Where(r => (r.Status == ReportStatus.Draft || r.Status == ReportStatus.Returned) && setIds.Contains(r.TemplateSetId))
            .Join(db.Departments, r => r.DepartmentId, d => d.Id, (r, d) => new { r.Id, r.TemplateSetId, r.FiscalYear, r.Revision, d.Code, d.Name })
            .ToListAsync(cancellationToken);
        var ids = drafts.Select(d => d.Id).ToList();
        var codes = changes.Keys.ToList();
        var used = await db.ReportCells.AsNoTracking()
            .Where(c => ids.Contains(EF.Property<Guid>(c, "ReportId")) && codes.Contains(c.RowKey))
            .Select(c => new { ReportId = EF.Property<Guid>(c, "ReportId"), c.TableNo, c.RowKey })
            .Distinct().ToListAsync(cancellationToken);
        var byId = drafts.ToDictionary(d => d.Id);
        return used.Where(u => sets[byId[u.ReportId].TemplateSetId].Contains(u.TableNo))
            .Select(u =>
            {
                var d = byId[u.ReportId];
                return new AffectedDraft(d.Code, d.Name, d.FiscalYear, d.Revision, u.TableNo, u.RowKey, changes[u.RowKey]);
            })
            .OrderBy(a => a.DepartmentCode, StringComparer.Ordinal).ThenBy(a => a.FiscalYear).ThenBy(a => a.TableNo, StringComparer.Ordinal).ThenBy(a => a.Code, StringComparer.Ordinal)
            .ToList();
    }

    private async Task<List<UnconfirmedCode>> UnconfirmedAsync(FinalAccountsDbContext db, CancellationToken cancellationToken)
    {
        // Reports with names as printed are few; loading them whole keeps the query plain (SQLite has no APPLY).
        var reports = await db.Reports.AsNoTracking().Where(r => r.PrintedNames.Any()).ToListAsync(cancellationToken);
        var departmentIds = reports.Select(r => r.DepartmentId).Distinct().ToList();
        var departments = await db.Departments.AsNoTracking().Where(d => departmentIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        var rows = reports.SelectMany(r => r.PrintedNames.Select(n => new
        {
            r.TemplateSetId,
            r.FiscalYear,
            r.Revision,
            r.Status,
            n.TableNo,
            n.Code,
            n.Name,
            DepartmentCode = departments[r.DepartmentId].Code,
            DepartmentName = departments[r.DepartmentId].Name,
        })).ToList();
        var result = new List<UnconfirmedCode>();
        foreach (var group in rows
            .Select(r => (Row: r, Set: templates.Find(r.TemplateSetId)))
            .Where(r => r.Set?.FindTable(r.Row.TableNo)?.CodedPanel?.Coded is not null)
            .GroupBy(r => (Year: r.Set!.CatalogYear, Kind: r.Set.FindTable(r.Row.TableNo)!.CodedPanel!.Coded!.Classification, r.Row.Code)))
        {
            if (store.Catalogs.Find(group.Key.Kind, group.Key.Year)?.Contains(group.Key.Code) == true)
            {
                continue; // confirmed since (or imported): no longer flagged
            }

            var uses = group.Select(g => new UnconfirmedUse(g.Row.DepartmentCode, g.Row.DepartmentName, g.Row.FiscalYear, g.Row.Revision, g.Row.Status.ToString(), g.Row.TableNo, g.Row.Name))
                .OrderBy(u => u.DepartmentCode, StringComparer.Ordinal).ThenBy(u => u.FiscalYear).ThenBy(u => u.Revision).ThenBy(u => u.TableNo, StringComparer.Ordinal).ToList();
            // The most used name first: the one a confirmation takes by default.
            var names = uses.GroupBy(u => u.Name).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToList();
            result.Add(new UnconfirmedCode(group.Key.Year, group.Key.Kind, group.Key.Code, names, uses));
        }

        return result.OrderBy(u => u.Year).ThenBy(u => u.Kind).ThenBy(u => u.Code, StringComparer.Ordinal).ToList();
    }

    private static string? Text(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static DomainError NotUtf8() => new("catalog.encoding", "文件不是 UTF-8 编码的 CSV（也不是 .xlsx 工作簿）：请在 Excel 中另存为“CSV UTF-8”或直接上传 .xlsx", "file");

    private static DomainError Forbidden() => new("catalog.forbidden", "只有管理员才能管理科目目录");
}
