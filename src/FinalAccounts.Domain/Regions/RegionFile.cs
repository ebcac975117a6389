using FinalAccounts.Domain.Common;

namespace FinalAccounts.Domain.Regions;

/// <summary>
/// The region tree as a data file (<c>Data/regions/regions.csv</c>): the header <c>code,name,parent,synthetic</c>, one
/// region a line, parents before children; <c>parent</c> empty for a province, <c>synthetic</c> <c>1</c> for demo
/// regions (their children inherit it). Every line passes the same checks as an administrator's add; errors name the line.
/// </summary>
public static class RegionFile
{
    public const string Header = "code,name,parent,synthetic";

    public static Result<RegionTree> Parse(string text, string source)
    {
        var tree = new RegionTree([]);
        var errors = new List<DomainError>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF').Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != Header)
        {
            return Result<RegionTree>.Failure(new DomainError("region.file_header", $"{source} 第 1 行：表头应为 {Header}"));
        }

        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length is < 2 or > 4)
            {
                errors.Add(new DomainError("region.file_line", $"{source} 第 {i + 1} 行：应有 2 至 4 个字段（{Header}）"));
                continue;
            }

            var parent = fields.Length > 2 ? fields[2].Trim() : "";
            var synthetic = fields.Length > 3 && fields[3].Trim() is "1" or "true";
            if (tree.Find(fields[0].Trim()) is not null)
            {
                errors.Add(new DomainError("region.file_duplicate", $"{source} 第 {i + 1} 行：区划代码 {fields[0].Trim()} 重复"));
                continue;
            }

            var planned = tree.Plan(fields[0], fields[1], null, parent, synthetic);
            if (!planned.IsSuccess)
            {
                errors.AddRange(planned.Errors.Select(e => e with { Message = $"{source} 第 {i + 1} 行：{e.Message}" }));
                continue;
            }

            tree.Add(planned.Value.Added!);
        }

        return errors.Count > 0 ? Result<RegionTree>.Failure(errors) : Result<RegionTree>.Success(tree);
    }
}
