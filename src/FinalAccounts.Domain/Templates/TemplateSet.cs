namespace FinalAccounts.Domain.Templates;

/// <summary>
/// A set of table templates for one locality and year (e.g. <c>jiangxi-2023</c>): the layout of every 公开表,
/// described as data so that a new year or province needs a new file, not new code.
/// </summary>
public sealed class TemplateSet
{
    public TemplateSet(string id, string version, string name, string locality, int fiscalYear, int catalogYear, IReadOnlyList<TableTemplate> tables, int? firstYear = null, int? lastYear = null, OverviewLayout? overview = null, string? note = null)
    {
        Overview = overview ?? OverviewLayout.Default;
        Note = note;
        FirstYear = firstYear ?? fiscalYear;
        LastYear = lastYear ?? fiscalYear;
        Id = id;
        Version = version;
        Name = name;
        Locality = locality;
        FiscalYear = fiscalYear;
        CatalogYear = catalogYear;
        Tables = tables;
        _byNo = tables.ToDictionary(t => t.TableNo, StringComparer.Ordinal);
    }

    private readonly Dictionary<string, TableTemplate> _byNo;

    public string Id { get; }
    public string Version { get; }
    public string Name { get; }
    public string Locality { get; }
    public int FiscalYear { get; }

    /// <summary>
    /// The 决算 years the set serves (<c>"years": {"from", "to"}</c> in its file; both default to <see cref="FiscalYear"/>):
    /// a form is often used unchanged for the neighbouring year, and a report of such a year is not a header mismatch.
    /// </summary>
    public int FirstYear { get; }

    public int LastYear { get; }

    public bool Serves(int fiscalYear) => fiscalYear >= FirstYear && fiscalYear <= LastYear;

    /// <summary>“2023” or “2022–2023”, for messages.</summary>
    public string YearsText => FirstYear == LastYear ? $"{FirstYear}" : $"{FirstYear}–{LastYear}";

    /// <summary>Year of the classification catalogues (功能分类/经济分类) the coded rows use.</summary>
    public int CatalogYear { get; }

    /// <summary>Tables in publication order.</summary>
    public IReadOnlyList<TableTemplate> Tables { get; }

    public TableTemplate? FindTable(string tableNo) => _byNo.GetValueOrDefault(tableNo);

    /// <summary>How 第一部分 概况 is printed: its headings, the units table's columns, whether the staff sentence is.</summary>
    public OverviewLayout Overview { get; }

    /// <summary>What the set's author wants readers to know (e.g. “no 绩效 part”); not printed.</summary>
    public string? Note { get; }

    /// <summary>How messages, sheet names and files name a table of this set: its short name, or “表 NN” if the set has no such table.</summary>
    public string TableName(string tableNo) => FindTable(tableNo)?.ShortName ?? $"表 {tableNo}";
}

/// <summary>One 公开表: title, 表号 and its panels (side-by-side halves such as 收入|支出 in 公开01表).</summary>
public sealed class TableTemplate
{
    private readonly Dictionary<string, RowTemplate> _fixedRows;

    public TableTemplate(
        string tableNo,
        string name,
        string title,
        string caption,
        string unitLabel,
        IReadOnlyList<IReadOnlyList<HeaderCell>> header,
        IReadOnlyList<TablePanel> panels,
        IReadOnlyList<FooterRow> footer,
        IReadOnlyList<string> footnotes,
        bool optional = false,
        PrintLayout? print = null,
        string? shortName = null,
        string? emptyNote = null)
    {
        Print = print ?? PrintLayout.Default;
        ShortName = string.IsNullOrWhiteSpace(shortName) ? (caption.Length > 0 ? caption : title) : shortName;
        EmptyNote = string.IsNullOrWhiteSpace(emptyNote) ? null : emptyNote;
        Optional = optional;
        TableNo = tableNo;
        Name = name;
        Title = title;
        Caption = caption;
        UnitLabel = unitLabel;
        Header = header;
        Panels = panels;
        Footer = footer;
        Footnotes = footnotes;
        _fixedRows = panels.SelectMany(p => p.Rows).ToDictionary(r => r.Key, StringComparer.Ordinal);
        _panelOfRow = panels.SelectMany(p => p.Rows.Select(r => (r.Key, Panel: p))).ToDictionary(x => x.Key, x => x.Panel, StringComparer.Ordinal);
        var codedRows = panels.SelectMany(p => p.Rows).Where(r => r.Code is not null).ToList();
        _childrenOfCode = codedRows.ToDictionary(
            r => r.Key,
            r =>
            {
                var next = codedRows.Select(c => c.Code!.Length).Where(l => l > r.Code!.Length).DefaultIfEmpty(0).Min();
                return (IReadOnlyList<string>)codedRows.Where(c => c.Code!.Length == next && c.Code.StartsWith(r.Code!, StringComparison.Ordinal)).Select(c => c.Key).ToList();
            },
            StringComparer.Ordinal);
        CodedPanel = panels.FirstOrDefault(p => p.Coded is not null);
        _footers = footer.ToDictionary(f => f.Key, StringComparer.Ordinal);
        // What a read of a row needs, worked out once: the reconciliation reads hundreds of cells per report.
        _defaultRead = new RowRead(CodedPanel ?? panels[0], null);
        _reads = new Dictionary<string, RowRead>(StringComparer.Ordinal);
        foreach (var (key, row) in _fixedRows)
        {
            _reads[key] = new RowRead(_panelOfRow[key], row) { Slot = _reads.Count };
        }

        foreach (var f in footer)
        {
            // A footer sharing a fixed row's key keeps that row's slot: the data holds one row per key.
            var slot = _reads.TryGetValue(f.Key, out var existing) ? existing.Slot : _reads.Count;
            _reads[f.Key] = new RowRead(panels[f.ToPanel], _fixedRows.GetValueOrDefault(f.Key)) { Slot = slot };
        }

        RowSlotCount = _reads.Count;
        var widest = 1;
        foreach (var panel in panels)
        {
            foreach (var column in panel.Columns)
            {
                widest = Math.Max(widest, column.No);
            }
        }

        ValueWidth = widest + 1;
    }

    /// <summary>
    /// How many rows have a slot (fixed rows and footers, numbered in template order): the data keeps their values in
    /// an array by slot so that a compiled rule reads a fixed row without looking its key up (see <see cref="RowRead.Slot"/>).
    /// </summary>
    public int RowSlotCount { get; }

    /// <summary>Length of a row's value array indexed by 栏次 (the highest 栏次 + 1), so indexing never grows a row.</summary>
    public int ValueWidth { get; }

    private readonly Dictionary<string, FooterRow> _footers;
    private readonly Dictionary<string, RowRead> _reads;
    private readonly RowRead _defaultRead;

    /// <summary>
    /// The panel whose columns a row's cells are in (a footer's own panel, a fixed row's panel, else the coded panel)
    /// and the fixed row itself (null for codes and totals).
    /// </summary>
    public RowRead ReadOf(string rowKey) => _reads.TryGetValue(rowKey, out var read) ? read : _defaultRead;

    private readonly Dictionary<string, TablePanel> _panelOfRow;
    private readonly Dictionary<string, IReadOnlyList<string>> _childrenOfCode;

    /// <summary>
    /// For fixed rows carrying classification codes (公开06表): the keys of the rows one code level below, e.g.
    /// 301 → 30101, 30102, …. Empty for rows without children.
    /// </summary>
    public IReadOnlyList<string> FixedChildrenOf(string key) => _childrenOfCode.TryGetValue(key, out var children) ? children : [];

    /// <summary>The official 表号 without prefix, e.g. <c>01</c>.</summary>
    public string TableNo { get; }

    /// <summary>What the table is in the domain's words, e.g. <c>IncomeExpenditureSummary</c>.</summary>
    public string Name { get; }

    public string Title { get; }

    /// <summary>Caption and title as one heading (“公开01表 收入支出决算总表”, or the title alone when the form prints no caption).</summary>
    public string Heading => Caption.Length > 0 ? $"{Caption} {Title}" : Title;

    /// <summary>Printed caption (the 表号 line), e.g. <c>公开01表</c>; empty when the form prints none (上海 2024).</summary>
    public string Caption { get; }

    /// <summary>
    /// How messages, sheet names and CSV files name the table: the set's <c>shortName</c>, else its caption, else its
    /// title — never a hard-coded 公开NN表.
    /// </summary>
    public string ShortName { get; }

    /// <summary>What is printed and where (部门/年度 line, 行次, 栏次, 合计 position, code columns).</summary>
    public PrintLayout Print { get; }

    /// <summary>
    /// The note printed under the table when it carries no data (“说明：{department}本年度没有…，故本表无数据。”);
    /// <c>{department}</c> and <c>{year}</c> are filled in. Null when the form prints none.
    /// </summary>
    public string? EmptyNote { get; }

    /// <summary>The empty-table note for one report, placeholders filled in.</summary>
    public string? EmptyNoteFor(string department, int year) =>
        EmptyNote?.Replace("{department}", department, StringComparison.Ordinal).Replace("{year}", year.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>Printed unit, e.g. <c>金额单位：万元</c>.</summary>
    public string UnitLabel { get; }

    /// <summary>Header rows as printed (merged cells as spans), including the 栏次 row where the table has one.</summary>
    public IReadOnlyList<IReadOnlyList<HeaderCell>> Header { get; }

    public IReadOnlyList<TablePanel> Panels { get; }

    /// <summary>Total lines printed under the panels (公开06表: 人员经费合计, 公用经费合计).</summary>
    public IReadOnlyList<FooterRow> Footer { get; }

    public IReadOnlyList<string> Footnotes { get; }

    /// <summary>The set's own notes on rows of the printed form (a misprinted code and what it should be).</summary>
    public IEnumerable<string> RowNotes => Panels.SelectMany(p => p.Rows).Where(r => r.Note is not null).Select(r => r.Note!);

    /// <summary>A table that may legitimately carry no data (当此表数据为空时…无…), such as 07/08/09.</summary>
    public bool Optional { get; }

    /// <summary>Width of a body line: every panel's stub plus its value columns.</summary>
    public int BodyWidth => Panels.Sum(p => p.Width);

    public TablePanel? CodedPanel { get; }

    public RowTemplate? FindFixedRow(string key) => _fixedRows.GetValueOrDefault(key);

    public FooterRow? FindFooter(string key) => _footers.GetValueOrDefault(key);

    /// <summary>Whether a cell holds an amount or a count (row kinds override column kinds; footers use their column).</summary>
    public ValueKind KindOf(string rowKey, int column)
    {
        if (FindFooter(rowKey) is { } footer)
        {
            return Panels[footer.ToPanel].Columns[0].Kind;
        }

        var col = PanelOf(rowKey)?.FindColumn(column);
        return col is null ? ValueKind.Amount : FindFixedRow(rowKey)?.KindFor(col) ?? col.Kind;
    }

    /// <summary>The panel a row key belongs to: a fixed row's panel, or the coded panel for a total or code.</summary>
    public TablePanel? PanelOf(string rowKey) => _panelOfRow.TryGetValue(rowKey, out var panel) ? panel : CodedPanel;
}

/// <summary>Where a row's cells are read from: its panel and, for a fixed row, the row (see <see cref="TableTemplate.ReadOf"/>).</summary>
public sealed record RowRead(TablePanel Panel, RowTemplate? Fixed)
{
    // Each 栏次's kind, worked out once: the reconciliation asks for it at every cell it reads.
    private readonly ValueKind[] _kinds = KindsOf(Panel, Fixed);

    /// <summary>The row's slot among the table's fixed rows and footers; -1 for codes, totals and unknown keys.</summary>
    public int Slot { get; init; } = -1;

    /// <summary>A cell's kind: the row's kind overrides its column's; a 栏次 the panel does not have is an amount.</summary>
    public ValueKind KindOf(int column) => (uint)column < (uint)_kinds.Length ? _kinds[column] : ValueKind.Amount;

    private static ValueKind[] KindsOf(TablePanel panel, RowTemplate? row)
    {
        var kinds = new ValueKind[panel.Columns.Count == 0 ? 0 : panel.Columns.Max(c => c.No) + 1];
        for (var no = 0; no < kinds.Length; no++)
        {
            kinds[no] = panel.FindColumn(no) is { } column ? row?.KindFor(column) ?? column.Kind : ValueKind.Amount;
        }

        return kinds;
    }
}

/// <summary>How the descriptive cells at the start of each body line are laid out.</summary>
public enum StubKind
{
    /// <summary>项目 | 行次 (公开01/04/09/10表).</summary>
    ItemAndRowNumber,

    /// <summary>科目编码 | 科目名称 (coded tables and 公开06表).</summary>
    CodeAndName,

    /// <summary>No stub: a single data row under its header (上海 2024 表7, the 12-column 三公 row).</summary>
    None,
}

/// <summary>A block of columns with its own rows, printed beside the other panels of the table.</summary>
public sealed class TablePanel
{
    public TablePanel(int index, StubKind stub, int codeSpan, IReadOnlyList<ColumnTemplate> columns, IReadOnlyList<RowTemplate> rows, CodedRows? coded, bool rowNumbers = true)
    {
        RowNumbers = rowNumbers;
        Index = index;
        Stub = stub;
        CodeSpan = codeSpan;
        Columns = columns;
        Rows = rows;
        Coded = coded;
    }

    public int Index { get; }
    public StubKind Stub { get; }

    /// <summary>Header columns the code cell spans (3 for 类|款|项).</summary>
    public int CodeSpan { get; }

    public IReadOnlyList<ColumnTemplate> Columns { get; }

    /// <summary>Fixed rows (empty for a coded panel).</summary>
    public IReadOnlyList<RowTemplate> Rows { get; }

    /// <summary>Set when the rows are classification codes entered with the data.</summary>
    public CodedRows? Coded { get; }

    /// <summary>Whether an item stub prints its 行次 column (the table's <c>layout.rowNumbers</c>).</summary>
    public bool RowNumbers { get; }

    public int StubWidth => Stub switch
    {
        StubKind.ItemAndRowNumber => RowNumbers ? 2 : 1,
        StubKind.None => 0,
        _ => CodeSpan + 1,
    };

    public int Width => StubWidth + Columns.Count;

    public ColumnTemplate? FindColumn(int no)
    {
        // A loop, not FirstOrDefault with a capturing lambda: the reconciliation calls this for every cell it reads.
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].No == no)
            {
                return Columns[i];
            }
        }

        return null;
    }
}

public enum ValueKind
{
    /// <summary>万元 with exactly two decimals.</summary>
    Amount,

    /// <summary>A whole number (批次, 人次, 辆, 台套).</summary>
    Count,
}

/// <summary>A value column; <see cref="No"/> is its 栏次.</summary>
public sealed record ColumnTemplate(int No, string Label, ValueKind Kind, bool AllowNegative);

/// <summary>
/// A fixed row: its key is the 行次 (or the economic code in 公开06表). <see cref="PrintedCode"/> records a code the
/// official form prints differently from the correct one (公开06表 prints 310111 for 31011): the misprint is the
/// form's, not the department's, so <see cref="Code"/> holds the correct code, the set says why in <see cref="Note"/>,
/// and no report is checked against the misprint.
/// </summary>
public sealed record RowTemplate(
    string Key,
    string Label,
    int Indent,
    bool IsTotal,
    bool IsFiller,
    string? Code,
    ValueKind? Kind,
    IReadOnlySet<int> NotApplicableColumns,
    string? PrintedCode = null,
    string? Note = null)
{
    /// <summary>Whether the template lets a value sit in this row and column (not a filler row, not “——”).</summary>
    public bool Accepts(int column) => !IsFiller && !NotApplicableColumns.Contains(column);

    public ValueKind KindFor(ColumnTemplate column) => Kind ?? column.Kind;
}

public enum ClassificationKind
{
    /// <summary>支出功能分类科目 (类 3 / 款 5 / 项 7 digits).</summary>
    Functional,

    /// <summary>支出经济分类科目 (类 3 / 款 5 digits).</summary>
    Economic,
}

/// <summary>Rows keyed by classification code, printed depth-first after a total row.</summary>
public sealed record CodedRows(ClassificationKind Classification, IReadOnlyList<int> LevelLengths, string TotalKey, string TotalLabel);

/// <summary>A total printed under one or more panels; it holds one value in column 1.</summary>
public sealed record FooterRow(string Key, string Label, int FromPanel, int ToPanel);

public sealed record HeaderCell(string Text, int ColSpan, int RowSpan);

/// <summary>Where a coded table prints its 合计 row.</summary>
public enum TotalPosition
{
    First,
    Last,
}

/// <summary>How a classification code is printed: whole in one cell spanning the 类|款|项 header, or split into them.</summary>
public enum CodeColumns
{
    /// <summary><c>2050205</c> in one cell (江西 2023).</summary>
    Whole,

    /// <summary><c>205 | 02 | 05</c> (上海 2024; economic codes <c>301 | 01</c>).</summary>
    Split,
}

/// <summary>
/// What a table prints besides its header and rows — the things that differ between provinces' forms and used to be
/// code. Every field has the 江西 2023 behaviour as its default (<see cref="Default"/>).
/// </summary>
public sealed record PrintLayout(bool DepartmentLine, bool RowNumbers, bool ColumnNumbers, TotalPosition CodedTotal, CodeColumns CodeColumns)
{
    public static PrintLayout Default { get; } = new(true, true, true, TotalPosition.First, CodeColumns.Whole);

    /// <summary>A code's printed cells for a code column <paramref name="span"/> wide: whole, or 3 digits then 2 per level.</summary>
    public IReadOnlyList<string> CodeCells(string code, int span)
    {
        if (CodeColumns == CodeColumns.Whole || span <= 1)
        {
            return [code];
        }

        var cells = new List<string>(span);
        for (var i = 0; i < span; i++)
        {
            var start = i == 0 ? 0 : 3 + ((i - 1) * 2);
            var length = i == 0 ? 3 : 2;
            cells.Add(start >= code.Length ? "" : code.Substring(start, Math.Min(length, code.Length - start)));
        }

        return cells;
    }
}

/// <summary>One column of the 概况 units table: which field of a unit it prints and its header.</summary>
public sealed record UnitsColumn(string Field, string Label)
{
    public static readonly IReadOnlySet<string> Fields = new HashSet<string>(StringComparer.Ordinal) { "seq", "name", "budgetLevel" };
}

/// <summary>
/// How 第一部分 概况 is printed. <c>{department}</c> and <c>{count}</c> in the texts are filled in. Defaults are the
/// 江西 2023 wording.
/// </summary>
public sealed record OverviewLayout(string Title, string DutiesHeading, string UnitsHeading, string UnitsSentence, IReadOnlyList<UnitsColumn> UnitsColumns, bool Staff)
{
    public static OverviewLayout Default { get; } = new(
        "第一部分 {department} 概况",
        "一、部门主要职责",
        "二、机构设置及人员情况",
        "纳入本套部门决算汇编范围的单位共 {count} 个，包括：",
        [new("seq", "序号"), new("name", "单位名称"), new("budgetLevel", "预算级次")],
        true);

    /// <summary>The heading of 第二部分 above the tables; <c>{department}</c> and <c>{year}</c> are filled in.</summary>
    public string TablesHeading { get; init; } = "第二部分 {year} 年度部门决算表";

    public static string Fill(string text, string department, int count) =>
        text.Replace("{department}", department, StringComparison.Ordinal).Replace("{count}", count.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>第二部分's heading for a department and year, as the set prints it.</summary>
    public string TablesHeadingFor(string department, int year) =>
        TablesHeading.Replace("{department}", department, StringComparison.Ordinal).Replace("{year}", year.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
