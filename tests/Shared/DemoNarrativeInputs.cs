namespace FinalAccounts.Tests.Shared;

/// <summary>
/// The demo report's 情况说明 inputs that are not in its tables (年初预算 per 类, 机关运行经费, 政府采购, last year's
/// figures), as its printed text states them; shared by the domain and API tests of the narrative.
/// </summary>
public static class DemoNarrativeInputs
{
    public static IReadOnlyDictionary<string, decimal> All { get; } = new Dictionary<string, decimal>
    {
        ["年初预算.合计"] = 2195.07m,
        ["年初预算.201"] = 2002.20m,
        ["年初预算.208"] = 101.86m,
        ["年初预算.210"] = 35.43m,
        ["年初预算.211"] = 0m,
        ["年初预算.212"] = 0m,
        ["年初预算.221"] = 55.58m,
        ["机关运行经费"] = 111.85m,
        ["政府采购.总额"] = 16.70m,
        ["政府采购.货物"] = 16.70m,
        ["政府采购.工程"] = 0m,
        ["政府采购.服务"] = 0m,
        ["政府采购.中小企业"] = 11.49m,
        ["政府采购.小微企业"] = 0m,
        ["上年.年初结转和结余"] = 259.34m,
        ["上年.使用非财政拨款结余"] = 0m,
        ["上年.本年收入合计"] = 4654.86m,
        ["上年.本年支出合计"] = 4810.54m,
        ["上年.结余分配"] = 0m,
        ["上年.年末结转和结余"] = 20.44m,
        ["上年.工资福利支出"] = 523.14m,
        ["上年.商品和服务支出"] = 33.88m,
        ["上年.对个人和家庭补助支出"] = 5.26m,
        ["上年.资本性支出"] = 0m,
        ["上年.决算数.三公"] = 0.70m,
        ["上年.决算数.出国"] = 0m,
        ["上年.决算数.购置"] = 0m,
        ["上年.决算数.运维"] = 0m,
        ["上年.决算数.接待"] = 0.70m,
        ["上年.决算数.外事接待"] = 0m,
        ["上年.机关运行经费"] = 26.03m,
    };
}
