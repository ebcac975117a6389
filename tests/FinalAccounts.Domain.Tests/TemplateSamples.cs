namespace FinalAccounts.Domain.Tests;

/// <summary>Small template files written for the tests: one fixed-row table and one coded table.</summary>
internal static class TemplateSamples
{
    public const string TwoTables = """
    {
      "id": "sample-2024",
      "version": "1",
      "name": "测试模板",
      "locality": "测试省",
      "fiscalYear": 2024,
      "catalogYear": 2024,
      "tables": [
        {
          "tableNo": "01", "name": "Summary", "title": "收支总表", "unitLabel": "金额单位：万元",
          "header": [[{"text":"项目"},{"text":"行次"},{"text":"金额"}], [{"text":"栏次","colspan":2},{"text":"1"}]],
          "panels": [{"stub":"item-rowno","columns":[{"no":1,"label":"金额"}],
            "rows":[{"key":"1","label":"一、收入"},{"key":"2","filler":true},{"key":"3","label":"合计","total":true},
                    {"key":"4","label":"批次","kind":"count","na":[]}, {"key":"5","label":"不适用","na":[1]}]}],
          "footnotes": ["注：测试。"]
        },
        {
          "tableNo": "02", "name": "Detail", "title": "支出明细表", "unitLabel": "金额单位：万元",
          "header": [[{"text":"项目","colspan":2},{"text":"合计"},{"text":"基本"}]],
          "panels": [{"stub":"code-name","codeSpan":1,"columns":[{"no":1,"label":"合计"},{"no":2,"label":"基本"}],
            "coded":{"classification":"functional","levels":[3,5,7]}}]
        }
      ]
    }
    """;
}
