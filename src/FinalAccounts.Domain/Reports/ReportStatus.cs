namespace FinalAccounts.Domain.Reports;

/// <summary>Where a 部门决算 revision is in its workflow.</summary>
public enum ReportStatus
{
    Draft,
    Submitted,
    Returned,
    Approved,
    Published,
}

public static class ReportStatusNames
{
    public static string ToChinese(this ReportStatus status) => status switch
    {
        ReportStatus.Draft => "草稿",
        ReportStatus.Submitted => "已报送",
        ReportStatus.Returned => "已退回",
        ReportStatus.Approved => "已审核",
        ReportStatus.Published => "已公开",
        _ => status.ToString(),
    };
}
