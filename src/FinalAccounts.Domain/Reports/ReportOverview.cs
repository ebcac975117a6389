namespace FinalAccounts.Domain.Reports;

/// <summary>年末人员情况 as stated in 概况 (二、机构设置及人员情况).</summary>
public sealed record StaffCounts(int? Active, int? Retired, int? Other, int? RetiredPaidByPensionFund)
{
    public static StaffCounts Unknown { get; } = new(null, null, null, null);
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
