namespace FinalAccounts.Domain.Auditing;

/// <summary>
/// One line of the append-only audit log: who did what, when, from where, and for a cell change old → new.
/// Persistence refuses to update or delete entries.
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
        UserName = Action = Address = Detail = "";
    }

    public AuditEntry(DateTimeOffset at, string userName, string address, string action, string detail)
    {
        Id = Guid.CreateVersion7();
        At = at;
        UserName = userName;
        Address = address;
        Action = action;
        Detail = detail;
    }

    public Guid Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string UserName { get; private set; }

    /// <summary>Client IP address as seen by the server.</summary>
    public string Address { get; private set; }

    /// <summary>What happened, e.g. <c>cell.change</c>, <c>report.submit</c>, <c>login</c>, <c>token.create</c>.</summary>
    public string Action { get; private set; }

    public string Detail { get; private set; }
    public Guid? ReportId { get; private set; }
    public string? DepartmentCode { get; private set; }
    public int? FiscalYear { get; private set; }
    public string? TableNo { get; private set; }
    public string? RowKey { get; private set; }
    public int? Column { get; private set; }
    public string? OldValue { get; private set; }
    public string? NewValue { get; private set; }

    public AuditEntry ForReport(Guid reportId, string departmentCode, int fiscalYear)
    {
        ReportId = reportId;
        DepartmentCode = departmentCode;
        FiscalYear = fiscalYear;
        return this;
    }

    /// <summary>A changed field of 概况: its name in <see cref="RowKey"/>, old and new value.</summary>
    public AuditEntry ForField(string field, string? oldValue, string? newValue)
    {
        RowKey = field;
        OldValue = oldValue;
        NewValue = newValue;
        return this;
    }

    public AuditEntry ForCell(string tableNo, string rowKey, int column, string? oldValue, string? newValue)
    {
        TableNo = tableNo;
        RowKey = rowKey;
        Column = column;
        OldValue = oldValue;
        NewValue = newValue;
        return this;
    }
}

public static class AuditActions
{
    public const string Login = "login";
    public const string LoginFailed = "login.failed";
    public const string Logout = "logout";
    public const string TokenCreate = "token.create";
    public const string TokenRevoke = "token.revoke";
    public const string SessionsRevoke = "session.revoke";
    public const string PasswordChange = "password.change";
    public const string UserDisable = "user.disable";
    public const string UserEnable = "user.enable";

    /// <summary>A refused (403) attempt: method, path and reason in the detail.</summary>
    public const string Forbidden = "forbidden";
    public const string DepartmentCreate = "department.create";
    public const string DepartmentChange = "department.change";
    public const string RegionAdd = "region.add";
    public const string RegionRename = "region.rename";
    public const string UserCreate = "user.create";
    public const string UserChange = "user.change";
    public const string TemplateUpload = "template.upload";
    public const string TemplateActivate = "template.activate";
    public const string PasswordReset = "password.reset";
    public const string ReportCreate = "report.create";
    public const string ReportDelete = "report.delete";
    public const string CellChange = "cell.change";
    public const string Submit = "report.submit";
    public const string Return = "report.return";
    public const string Approve = "report.approve";
    public const string Publish = "report.publish";
    public const string Export = "export";
    public const string BatchStart = "batch.start";
    public const string Import = "report.import";
    public const string OverviewChange = "overview.change";
    public const string NarrativeChange = "narrative.change";
    public const string GlossaryChange = "glossary.change";
    public const string PerformanceChange = "performance.change";

    /// <summary>A catalogue version imported (year, kind, version, counts in the detail); ADR 0019.</summary>
    public const string CatalogImport = "catalog.import";

    /// <summary>A code entered as printed added to its year's catalogue as a new version.</summary>
    public const string CatalogConfirm = "catalog.confirm";

    /// <summary>A year-to-year code mapping replaced.</summary>
    public const string CatalogMapping = "catalog.mapping";
}
