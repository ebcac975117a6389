using System.Globalization;
using System.Text.Json;
using FinalAccounts.Domain.Performance;
using FinalAccounts.Domain.Reconciliation;
using FinalAccounts.Domain.Reports;
using FinalAccounts.Domain.Templates;

namespace FinalAccounts.Domain.Tests.Performance;

/// <summary>
/// The shipped scoring scheme, the demo report's 绩效 data (demo/performance.json: seed 000's tables and 部门评价, seed
/// 002's 财政评价结果反馈) and a small consistent sample on which every P and D rule passes.
/// </summary>
internal static class PerformanceSamples
{
    public static TemplateSet? Templates(string id) => id == ShippedData.Jiangxi2023.Id ? ShippedData.Jiangxi2023 : null;

    public static readonly PerformanceScheme Scheme =
        PerformanceSchemeParser.Parse(ShippedData.Read("templates/jiangxi-2023.performance.json"), "jiangxi-2023.performance.json", Templates).Value;

    public static readonly ReconciliationRuleSet Rules = ShippedData.Jiangxi2023Rules.WithPerformance(Scheme);

    public static PerformanceDocument Demo { get; } = ReadDemo();

    public static ReportFacts Facts(int? units) =>
        new("景德镇市政务服务数据管理局", ["景德镇市政务数据管理局"], "景德镇市政务数据管理局", 2023, new StaffCounts(60, 0, 0, 8)) { UnitCount = units };

    /// <summary>Reconciles a 绩效 document with the given cells (the demo report's by default) and 决算单位数.</summary>
    public static ReconciliationResult Reconcile(PerformanceDocument document, IEnumerable<ReportCell>? cells = null, int? units = 5) =>
        ReconciliationEngine.Evaluate(Rules, new ReconciliationData(ShippedData.Jiangxi2023, ShippedData.Catalogs, cells ?? Narrative.DemoNarrative.Cells(), Facts(units))
        {
            Performance = document,
        });

    public static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    public static PerformanceTarget T(string text) => PerformanceTarget.Parse(text).Value;

    /// <summary>The report cells the sample's cross-document rules read: 01表 其他收入, 年初结转和结余, 04表 财政拨款支出合计.</summary>
    public static List<ReportCell> SampleCells() =>
    [
        new("01", "8", 1, D("8.17")),
        new("01", "29", 1, D("20.44")),
        new("04", "59", 2, D("1140.00")),
    ];

    public const string Feedback = "样例市财政局";
    public const string Project = "窗口服务项目";

    /// <summary>A department, one project, a 部门评价 and a 财政评价 that agree with each other and with <see cref="SampleCells"/>.</summary>
    public static PerformanceDocument Sample()
    {
        var department = new SelfEvaluation(
            SelfEvaluationKind.Department,
            "样例局",
            new PerformanceFunds(
                new FundsRow("年度资金总额", null, D("1000.00"), D("1200.00"), D("1140.00"), D("95.00"), 10, 9),
                [
                    new FundsRow("财政拨款", "资金来源", D("900.00"), D("1100.00"), D("1050.00"), D("95.45"), null, null),
                    new FundsRow("其他资金", "资金来源", D("100.00"), D("100.00"), D("90.00"), D("90.00"), null, null),
                ]),
            [new AnnualGoal("全年受理 100 万件", "全年受理 120 万件")],
            [
                new PerformanceIndicator("产出指标", "数量指标", "受理件数", T("≥100万件"), "120", 20, 20, null),
                new PerformanceIndicator("产出指标", "质量指标", "办结率", T("＝100%"), "100", 20, 20, null),
                new PerformanceIndicator("产出指标", "时效指标", "办结时限", T("≤5天"), "4", 10, 10, null),
                new PerformanceIndicator("效益指标", "社会效益指标", "群众满意度", T("≥90%"), "85", 20, D("17.22"), "投诉集中在窗口等候时间，下年增设窗口"),
                new PerformanceIndicator("满意度指标", "服务对象满意度指标", "服务对象满意度", T("≥95%"), "96", 20, 20, null),
            ],
            100,
            D("96.22"),
            "优")
        {
            SubordinateUnits = 4,
        };
        var project = new SelfEvaluation(
            SelfEvaluationKind.Project,
            Project,
            new PerformanceFunds(new FundsRow("年度资金总额", null, D("200.00"), D("200.00"), D("200.00"), D("100.00"), 10, 10), []),
            [],
            [
                new PerformanceIndicator("产出指标", "数量指标", "培训人次", T("≥500人次"), "520", 45, 45, null),
                new PerformanceIndicator("效益指标", "社会效益指标", "服务覆盖率", T("≥95%"), "97", 45, 45, null),
            ],
            100,
            100,
            "优")
        {
            StatedTargets = [new StatedTarget("培训人次", T("≥500人次"))],
        };
        var evaluation = new DepartmentEvaluation(Project, D("200.00"), D("200.00"), D("98.75"), "优",
        [
            new EvaluationSection("决策", 20, 20, 100, 1, 2, [new EvaluationGroup("项目立项", 20, 20, [new EvaluationIndicator("立项依据充分性", 10, 10), new EvaluationIndicator("绩效目标合理性", 10, 10)])]),
            new EvaluationSection("过程", 20, 20, 100, 1, 2, [new EvaluationGroup("资金管理", 20, 20, [new EvaluationIndicator("资金到位率", 10, 10), new EvaluationIndicator("预算执行率", 10, 10)])]),
            new EvaluationSection("产出", 30, D("28.75"), D("95.83"), 1, 2, [new EvaluationGroup("产出数量", 30, D("28.75"),
            [
                new EvaluationIndicator("培训场次", 10, D("8.75")) { Target = T("≥600人次"), Actual = "570" },
                new EvaluationIndicator("培训合格率", 20, 20),
            ])]),
            new EvaluationSection("效益", 30, 30, 100, 1, 1, [new EvaluationGroup("社会效益", 30, 30, [new EvaluationIndicator("服务满意度", 30, 30)])]),
        ]);
        var feedback = new FinanceFeedback
        {
            Organisation = Feedback,
            Department = "样例局",
            EvaluationType = "部门整体支出",
            Year = 2023,
            Score = D("92.5"),
            Grade = "优",
            BudgetIncome = D("1200.00"),
            FiscalAppropriationIncome = D("1100.00"),
            CarriedForward = D("20.44"),
            OtherIncome = D("8.17"),
            Executed = D("1140.00"),
            Recovered = D("60.00"),
            SubordinateUnits = 4,
            Staffing = new Staffing(65, [new StaffingPart("行政编制", 12), new StaffingPart("参公事业编制", 36), new StaffingPart("事业编制", 17)]),
            BudgetVariance = new BudgetVariance(D("331.99"), D("1958.52"), D("489.93")),
            PublicationRate = new PublicationRate(5809, 1919, D("3.03")),
            Indicators = [new QuotedIndicator("受理件数", "≥100万件", "120万件")],
        };
        return new PerformanceDocument(department, [project], new ProjectSummary(1, D("200.00"), 100, "优", new Dictionary<string, int> { ["优"] = 1 }), [evaluation], [feedback]);
    }

    /// <summary>The second demo department-year: 南昌市政务服务数据管理局 2022 (seed 004), 绩效 only.</summary>
    public static PerformanceDocument Nanchang2022 { get; } = ReadDemo(1);

    private static PerformanceDocument ReadDemo(int index = 0)
    {
        using var document = JsonDocument.Parse(ShippedData.Read("demo/performance.json"));
        return PerformanceDocumentReader.Read(document.RootElement[index].GetProperty("performance"), "demo/performance.json").Value;
    }
}
