namespace FinalAccounts.Domain.Reports;

/// <summary>年末人员情况 as stated in 概况 (二、机构设置及人员情况).</summary>
public sealed record StaffCounts(int? Active, int? Retired, int? Other, int? RetiredPaidByPensionFund)
{
    // A new instance each time: EF Core tracks owned values by instance, so two reports must never share one.
    public static StaffCounts Unknown => new(null, null, null, null);

    /// <summary>The figure a rule reads as <c>O[active]</c>, <c>O[retired]</c>, <c>O[other]</c> or <c>O[pensionFund]</c>.</summary>
    public int? ByRuleKey(string key) => key switch
    {
        "active" => Active,
        "retired" => Retired,
        "other" => Other,
        _ => RetiredPaidByPensionFund,
    };
}

/// <summary>One section of 第三部分 情况说明.</summary>
public sealed class NarrativeSection
{
    private NarrativeSection()
    {
        Heading = Text = "";
    }

    public NarrativeSection(int order, string heading, string text)
    {
        Order = order;
        Heading = heading;
        Text = text;
    }

    public int Order { get; private set; }
    public string Heading { get; private set; }
    public string Text { get; private set; }
}

/// <summary>One entry of 第四部分 名词解释.</summary>
public sealed class GlossaryTerm
{
    private GlossaryTerm()
    {
        Term = Definition = "";
    }

    public GlossaryTerm(int order, string term, string definition)
    {
        Order = order;
        Term = term;
        Definition = definition;
    }

    public int Order { get; private set; }
    public string Term { get; private set; }
    public string Definition { get; private set; }
}

/// <summary>One named input of 情况说明 (a figure the text states that is not in the ten tables), e.g. 年初预算.201.</summary>
public sealed class NarrativeInputValue
{
    private NarrativeInputValue()
    {
        Key = "";
    }

    public NarrativeInputValue(string key, decimal value)
    {
        Key = key;
        Value = value;
    }

    public string Key { get; private set; }
    public decimal Value { get; private set; }
}

/// <summary>A department's note under one of its tables, e.g. “说明：本单位本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。”</summary>
public sealed class ReportTableNote
{
    private ReportTableNote()
    {
        TableNo = Text = "";
    }

    public ReportTableNote(string tableNo, string text)
    {
        TableNo = tableNo;
        Text = text;
    }

    public string TableNo { get; private set; }
    public string Text { get; private set; }
}

/// <summary>出错说明 for one failing warning-level rule.</summary>
public sealed class ReportExplanation
{
    private ReportExplanation()
    {
        RuleId = Text = "";
    }

    public ReportExplanation(string ruleId, string text)
    {
        RuleId = ruleId;
        Text = text;
    }

    public string RuleId { get; private set; }
    public string Text { get; private set; }
}

/// <summary>A reviewer's comment when returning a report, optionally anchored to one cell.</summary>
public sealed class ReviewComment
{
    private ReviewComment()
    {
        Author = Text = "";
    }

    public ReviewComment(int order, DateTimeOffset at, string author, string text, string? tableNo = null, string? rowKey = null, int? column = null)
    {
        Order = order;
        At = at;
        Author = author;
        Text = text;
        TableNo = tableNo;
        RowKey = rowKey;
        Column = column;
    }

    public int Order { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string Author { get; private set; }
    public string Text { get; private set; }
    public string? TableNo { get; private set; }
    public string? RowKey { get; private set; }
    public int? Column { get; private set; }
}

/// <summary>
/// A report's 绩效 document as stored: one JSON text (PerformanceDocumentWriter), read whole and replaced whole — the
/// document is versioned with its report and never queried by its parts.
/// </summary>
public sealed class ReportPerformance
{
    private ReportPerformance()
    {
        Document = "";
    }

    public ReportPerformance(string document)
    {
        Document = document;
    }

    public string Document { get; private set; }
}

/// <summary>
/// The name as printed of a coded row whose code the catalogue does not have: the officer entered the row anyway
/// (rule S-10 flags it for an explanation and an administrator's confirmation, ADR 0019).
/// </summary>
public sealed class PrintedCodeName
{
    private PrintedCodeName()
    {
        TableNo = Code = Name = "";
    }

    public PrintedCodeName(string tableNo, string code, string name)
    {
        TableNo = tableNo;
        Code = code;
        Name = name;
    }

    public string TableNo { get; private set; }
    public string Code { get; private set; }
    public string Name { get; private set; }
}
