using FinalAccounts.Tests.Shared;
using FluentAssertions;
using Microsoft.Extensions.Options;
using Xunit;

namespace FinalAccounts.Web.Tests;

/// <summary>All settings are one validated object: a wrong value stops the start and names its key.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public async Task Wrong_settings_stop_the_start_naming_each_key_in_chinese()
    {
        var database = TestDatabases.NewSqlite();
        try
        {
            await using var portal = new PortalFactory(database)
            {
                Settings = new Dictionary<string, string>
                {
                    ["FinalAccounts:Jobs:LeaseSeconds"] = "0",
                    ["FinalAccounts:ExportRetentionDays"] = "0",
                    ["FinalAccounts:Import:MaxMegabytes"] = "0",
                    ["FinalAccounts:Pdf:MaxConcurrent"] = "0",
                    ["FinalAccounts:Database:StartupWaitSeconds"] = "-1",
                    ["FinalAccounts:ForwardedHeaders:KnownNetworks:0"] = "nonsense",
                    ["FinalAccounts:Auth:LockMinutes"] = "0",
                    ["FinalAccounts:Publication:Deadlines:2023"] = "2024-13-01",
                },
            };

            var start = () => portal.CreateClient();

            var failure = start.Should().Throw<OptionsValidationException>().Which;
            failure.Failures.Should().HaveCount(8);
            failure.Message.Should().Contain("FinalAccounts:Jobs:LeaseSeconds").And.Contain("FinalAccounts:ExportRetentionDays")
                .And.Contain("FinalAccounts:Import:MaxMegabytes").And.Contain("FinalAccounts:Pdf:MaxConcurrent")
                .And.Contain("FinalAccounts:Database:StartupWaitSeconds").And.Contain("“nonsense”不是网段")
                .And.Contain("FinalAccounts:Auth:LockMinutes").And.Contain("应在 1 到 3600 之间")
                .And.Contain("FinalAccounts:Publication:Deadlines:2023 无效（2024-13-01）");
        }
        finally
        {
            await TestDatabases.DropAsync(database);
        }
    }

    [Fact]
    public void A_years_publication_deadline_is_the_configured_date_or_the_default_rule()
    {
        var settings = new FinalAccounts.Infrastructure.Configuration.PublicationSettings { Deadlines = new() { ["2023"] = "2024-06-30" } };

        settings.DeadlineOf(2023).Should().Be(new DateOnly(2024, 6, 30));
        settings.DeadlineOf(2022).Should().Be(new DateOnly(2023, 9, 30), "a year not configured: 30 September of the following year");
        settings.Problems().Should().BeEmpty();
    }
}
