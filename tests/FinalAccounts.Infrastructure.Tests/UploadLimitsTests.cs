using FinalAccounts.Infrastructure.Excel;
using FluentAssertions;
using Xunit;

namespace FinalAccounts.Infrastructure.Tests;

public class UploadLimitsTests
{
    [Fact]
    public void Limits_come_from_configuration_with_the_defaults_for_missing_or_bad_values()
    {
        var settings = new Dictionary<string, string> { ["MaxMegabytes"] = "2", ["MaxEntries"] = "abc", ["MaxUncompressedMegabytes"] = "-5" };

        var limits = UploadLimits.From(key => settings.GetValueOrDefault(key));

        limits.MaxBytes.Should().Be(2 * 1024 * 1024);
        limits.MaxEntries.Should().Be(UploadLimits.Default.MaxEntries);
        limits.MaxUncompressedBytes.Should().Be(UploadLimits.Default.MaxUncompressedBytes);
    }

    [Fact]
    public void A_file_over_the_configured_size_is_refused_before_it_is_opened()
    {
        var limits = UploadLimits.From(key => key == "MaxMegabytes" ? "1" : null);

        var result = ReportWorkbookReader.CheckPackage(new byte[(1024 * 1024) + 1], limits);

        result.Errors.Should().ContainSingle().Which.Message.Should().Be("文件大小 1,048,577 字节（约 1 MB），超过上限 1 MB");
    }
}
