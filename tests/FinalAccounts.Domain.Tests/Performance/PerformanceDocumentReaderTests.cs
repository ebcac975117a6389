using FinalAccounts.Domain.Performance;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Domain.Tests.Performance;

public class PerformanceDocumentReaderTests
{
    [Fact]
    public void Reads_amounts_from_strings_keeping_their_printed_precision()
    {
        var document = PerformanceDocumentReader.Read("""
            {"department":{"name":"样例局","subordinateUnits":"4","funds":{"total":{"name":"年度资金总额","fullYearBudget":"3,935.011","executed":3708.489,"executionRate":"94.24","weight":"10","score":"7"},
              "rows":[{"name":"政府预算资金","group":"资金来源","fullYearBudget":"3935.010833"}]},
              "indicators":[{"level1":"产出指标","level2":"数量指标","name":"受理数","target":"≥140万件","actual":"277","weight":"2","score":"2"}],
              "totalWeight":"100","totalScore":"97"},
             "projects":[{"name":"项目甲","totalScore":"91.92","grade":"优","statedTargets":[{"indicator":"受理数","target":"≥140万件"}]}],
             "summary":{"projectCount":"14","average":"88.27","averageGrade":"优","gradeCounts":{"优":14,"良":0}},
             "gradeScheme":"five-band"}
            """, "x").Value;

        document.Department!.Funds!.Total.FullYearBudget.Should().Be(3935.011m);
        PerformanceNumber.Decimals(document.Department.Funds.Total.FullYearBudget!.Value).Should().Be(3);
        document.Department.Funds.Rows[0].Group.Should().Be("资金来源");
        document.Department.SubordinateUnits.Should().Be(4);
        document.Department.Indicators[0].Target.Operator.Should().Be(TargetOperator.AtLeast);
        document.Projects[0].StatedTargets.Should().ContainSingle();
        document.Summary!.GradeCounts["优"].Should().Be(14);
        document.GradeScheme.Should().Be("five-band");
    }

    [Theory]
    [InlineData("{", "performance.document.json", "x")]
    [InlineData("[1]", "performance.document.json", "x")]
    [InlineData("""{"projects":[{"totalScore":"90"}]}""", "performance.document.required", "x projects[0]")]
    [InlineData("""{"projects":[{"name":"甲","totalScore":"九十"}]}""", "performance.document.number", "x projects[0].totalScore")]
    [InlineData("""{"department":{"name":"局","subordinateUnits":"4.5"}}""", "performance.document.integer", "x department.subordinateUnits")]
    [InlineData("""{"department":{"name":"局","indicators":[{"name":"受理数","target":"≥"}]}}""", "performance.target.number", "x department.indicators[0].target")]
    [InlineData("""{"department":{"name":"局","indicators":[{"name":"受理数"}]}}""", "performance.target.empty", "x department.indicators[0].target")]
    [InlineData("""{"evaluations":[{"project":"甲","sections":[{"name":"决策","weight":"二十"}]}]}""", "performance.document.number", "x evaluations[0].sections[0].weight")]
    [InlineData("""{"financeFeedbacks":[{"department":"局"}]}""", "performance.document.required", "x financeFeedbacks[0]")]
    public void Names_the_field_of_every_error(string json, string code, string target)
    {
        var result = PerformanceDocumentReader.Read(json, "x");

        result.IsSuccess.Should().BeFalse();
        result.Errors.Should().Contain(e => e.Code == code && e.Target == target, string.Join("\n", result.Errors.Select(e => $"{e.Code} {e.Target}")));
    }
}

public class PerformanceDocumentWriterTests
{
    [Fact]
    public void Writes_what_the_reader_reads_keeping_every_value_and_its_precision()
    {
        foreach (var document in new[] { PerformanceSamples.Demo, PerformanceSamples.Sample() })
        {
            var json = PerformanceDocumentWriter.Write(document);
            var read = PerformanceDocumentReader.Read(json, "x").Value;

            PerformanceDocumentWriter.Write(read).Should().Be(json);
            (json.Contains("\"3935.010833\"", StringComparison.Ordinal) || json.Contains("\"1200.00\"", StringComparison.Ordinal)).Should().BeTrue("amounts keep their printed precision");
            PerformanceSamples.Reconcile(read).Failures.Select(f => f.Where + f.Message)
                .Should().Equal(PerformanceSamples.Reconcile(document).Failures.Select(f => f.Where + f.Message));
        }
    }
}
