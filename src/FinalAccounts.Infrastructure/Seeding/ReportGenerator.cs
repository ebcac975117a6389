using FinalAccounts.Domain.Departments;
using FinalAccounts.Domain.Reports;

namespace FinalAccounts.Infrastructure.Seeding;

/// <summary>
/// Makes many consistent department-years from one real report, for load tests and benchmarks. Each variant moves
/// random amounts between sibling 项 of the same 款 — in 公开02/03/05表 alike, in 栏1 and 栏2 together — and between
/// sibling items of 工资福利支出 in 公开06表. Every row, hierarchy and cross-table identity keeps holding, while the
/// individual numbers differ from the original.
/// </summary>
public static class ReportGenerator
{
    private static readonly string[] CodedTables = ["02", "03", "05"];

    /// <summary>
    /// Departments <c>gen-00001</c>… each with one published report of the demo year, perturbed from the demo report.
    /// </summary>
    public static IEnumerable<(Department Department, Report Report)> Departments(IReadOnlyCollection<ReportCell> original, ReportData demo, int count, int seed, DateTimeOffset at)
    {
        var index = 0;
        foreach (var cells in Generate(original, count, seed))
        {
            index++;
            var code = $"gen-{index:00000}";
            var department = new Department(code, $"生成测试部门{index:00000}", "测试省测试市", "市级");
            var report = new Report(department, demo.FiscalYear, demo.TemplateSet, 1, at);
            var staff = demo.Overview?.Staff;
            report.SetOverview(department.Name, demo.Overview?.Duties ?? "", [], new StaffCounts(staff?.Active, staff?.Retired, staff?.Other, staff?.RetiredPaidByPensionFund));
            foreach (var table in cells.GroupBy(c => c.TableNo))
            {
                report.ReplaceTable(table.Key, table.ToList(), at);
            }

            report.PublishImported(at);
            yield return (department, report);
        }
    }

    public static IEnumerable<List<ReportCell>> Generate(IReadOnlyCollection<ReportCell> original, int count, int seed)
    {
        var random = new Random(seed);
        var pairs = CodedPairs(original);
        var wagePairs = EconomicPairs(original, "301");
        for (var i = 0; i < count; i++)
        {
            var cells = original.ToDictionary(c => (c.TableNo, c.RowKey, c.Column), c => c.Value);
            foreach (var (a, b) in pairs)
            {
                Transfer(cells, random, CodedTables.SelectMany(t => new[] { (t, a, 1), (t, a, 2) }).ToArray(), CodedTables.SelectMany(t => new[] { (t, b, 1), (t, b, 2) }).ToArray());
            }

            foreach (var (a, b) in wagePairs)
            {
                Transfer(cells, random, [("06", a, 1)], [("06", b, 1)]);
            }

            yield return cells.Select(c => new ReportCell(c.Key.TableNo, c.Key.RowKey, c.Key.Column, c.Value)).ToList();
        }
    }

    // Moves δ from every "from" cell to every "to" cell; δ keeps all of them non-negative.
    private static void Transfer(Dictionary<(string, string, int), decimal> cells, Random random, (string, string, int)[] to, (string, string, int)[] from)
    {
        var canTake = from.Min(k => cells.GetValueOrDefault(k));
        var canGive = to.Min(k => cells.GetValueOrDefault(k));
        var cents = (int)((canTake + canGive) * 100);
        if (cents <= 0)
        {
            return;
        }

        var delta = random.Next(cents + 1) / 100m - canGive;
        foreach (var key in to)
        {
            cells[key] = cells.GetValueOrDefault(key) + delta;
        }

        foreach (var key in from)
        {
            cells[key] = cells.GetValueOrDefault(key) - delta;
        }
    }

    // Sibling 项 (same 款) that carry 基本支出 in 02, 03 and 05.
    private static List<(string, string)> CodedPairs(IReadOnlyCollection<ReportCell> cells)
    {
        bool Everywhere(string code) => CodedTables.All(t => cells.Any(c => c.TableNo == t && c.RowKey == code && c.Column == 2 && c.Value > 0)
            && cells.Any(c => c.TableNo == t && c.RowKey == code && c.Column == 1));
        var items = cells.Where(c => c.TableNo == "03" && c.RowKey.Length == 7).Select(c => c.RowKey).Distinct().Where(Everywhere).Order(StringComparer.Ordinal).ToList();
        return items.GroupBy(code => code[..5]).SelectMany(g => g.Zip(g.Skip(1))).ToList();
    }

    private static List<(string, string)> EconomicPairs(IReadOnlyCollection<ReportCell> cells, string parent)
    {
        var items = cells.Where(c => c.TableNo == "06" && c.RowKey.Length == 5 && c.RowKey.StartsWith(parent, StringComparison.Ordinal) && c.Value > 0)
            .Select(c => c.RowKey).Order(StringComparer.Ordinal).ToList();
        return items.Zip(items.Skip(1)).ToList();
    }
}
