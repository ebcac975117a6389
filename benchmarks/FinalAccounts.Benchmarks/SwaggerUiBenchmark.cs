using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FinalAccounts.Infrastructure.Pdf;
using Microsoft.Playwright;

namespace FinalAccounts.Benchmarks;

/// <summary>
/// How long Swagger UI takes to draw the API document, and what it costs the browser: against a running portal, each
/// iteration opens /swagger/index.html in a fresh browser context (nothing cached) and waits until every operation is
/// drawn. The Chromium is the one the portal prints with (the headless shell when installed); its CPU time is read
/// from /proc for the browser and all its child processes.
/// </summary>
public static class SwaggerUiBenchmark
{
    public static async Task RunAsync(string baseUrl, int iterations)
    {
        var chromium = PdfOptions.DefaultChromium;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
        using var http = new HttpClient();
        using var document = JsonDocument.Parse(await http.GetStringAsync(baseUrl + "/openapi/v1.json"));
        var version = document.RootElement.GetProperty("openapi").GetString();
        var operations = 0;
        var wall = new List<double>();
        var cpu = new List<double>();
        for (var i = 0; i < iterations + 1; i++)
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
            var page = await context.NewPageAsync();
            var cpuBefore = ChromiumCpuSeconds(chromium);
            var clock = Stopwatch.StartNew();
            await page.GotoAsync(baseUrl + "/swagger/index.html");
            await page.Locator(".swagger-ui .opblock").Last.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
            clock.Stop();
            operations = await page.Locator(".swagger-ui .opblock").CountAsync();
            if (i > 0)
            {
                wall.Add(clock.Elapsed.TotalSeconds); // the first warms the portal (document generation) and the browser
                cpu.Add(ChromiumCpuSeconds(chromium) - cpuBefore);
            }
        }

        string F(IEnumerable<double> v) => v.Order().ElementAt(v.Count() / 2).ToString("0.00", CultureInfo.InvariantCulture);
        Console.WriteLine($"OpenAPI {version}, {operations} operations: Swagger UI drawn in {F(wall)} s, Chromium CPU {F(cpu)} s per view (medians of {iterations})");
    }

    private static double ChromiumCpuSeconds(string chromium)
    {
        // The browser's children run from the same installation (/usr/lib/chromium/chromium-headless-shell …); a renderer
        // rewrites its command line into one space-separated string.
        var name = Path.GetFileName(chromium);
        var ticks = 0L;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!int.TryParse(Path.GetFileName(directory), out _) || !File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0', ' ')[0].EndsWith(name, StringComparison.Ordinal))
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // the process ended while being read
            }
        }

        return ticks / 100.0; // USER_HZ
    }
}
