namespace FinalAccounts.Infrastructure.Search;

/// <summary>
/// One paragraph of a published revision's 情况说明, as the full-text index holds it (ADR 0025). Only the latest
/// published revision of a department-year has rows; the row carries the department and year so filters need no join
/// through the report's content.
/// </summary>
public sealed class SearchParagraph
{
    private SearchParagraph()
    {
        Heading = Text = "";
    }

    public SearchParagraph(Guid reportId, Guid departmentId, int fiscalYear, int sectionOrder, string heading, int ordinal, string text)
    {
        Id = Guid.CreateVersion7();
        ReportId = reportId;
        DepartmentId = departmentId;
        FiscalYear = fiscalYear;
        SectionOrder = sectionOrder;
        Heading = heading;
        Ordinal = ordinal;
        Text = text;
    }

    public Guid Id { get; private set; }
    public Guid ReportId { get; private set; }
    public Guid DepartmentId { get; private set; }
    public int FiscalYear { get; private set; }
    public int SectionOrder { get; private set; }
    public string Heading { get; private set; }

    /// <summary>The paragraph's place within its section, from 1.</summary>
    public int Ordinal { get; private set; }

    public string Text { get; private set; }
}

/// <summary>A term (CJK bigram, lone CJK character, or letter/digit run) occurring in a paragraph: the inverted index.</summary>
public sealed class SearchTermRecord
{
    private SearchTermRecord()
    {
        Term = "";
    }

    public SearchTermRecord(string term, Guid paragraphId)
    {
        Term = term;
        ParagraphId = paragraphId;
    }

    public string Term { get; private set; }
    public Guid ParagraphId { get; private set; }
}
