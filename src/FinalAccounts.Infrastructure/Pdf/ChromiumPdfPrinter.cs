using System.Text;
using FinalAccounts.Domain.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace FinalAccounts.Infrastructure.Pdf;

public sealed class PdfOptions
{
    /// <summary>
    /// Chromium to drive: Debian's chromium-headless-shell when installed (the same Blink without the full browser's
    /// machinery; about 40% less CPU per page in our measurements), else Debian's chromium. Playwright never downloads
    /// a browser here.
    /// </summary>
    public string ChromiumPath { get; set; } = DefaultChromium;

    public const string HeadlessShell = "/usr/bin/chromium-headless-shell";

    public static string DefaultChromium { get; } = File.Exists(HeadlessShell) ? HeadlessShell : "/usr/bin/chromium";

    /// <summary>Pages printed at once; more requests wait (Chromium is memory-hungry, the machine may be small).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 64)]
    public int MaxConcurrent { get; set; } = 2;

    /// <summary>
    /// Memory for finished PDFs and packs, keyed by report and version (a version never changes its content, and a
    /// published revision never changes at all). 0 turns the cache off.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 65_536)]
    public int CacheMegabytes { get; set; } = 256;

    /// <summary>How long a request waits for a free slot before it is told to try later.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// HTML → PDF with headless Chromium (Playwright). One browser is launched on first use and reused; each document
/// gets its own short-lived page; at most <see cref="PdfOptions.MaxConcurrent"/> print at once. Without Chromium the
/// result is a typed error, never an exception.
/// </summary>
public sealed class ChromiumPdfPrinter(PdfOptions options, ILogger<ChromiumPdfPrinter> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.MaxConcurrent));
    private readonly SemaphoreSlim _launch = new(1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <param name="footerNote">Printed before the page number on every page (演示数据 for a synthetic department).</param>
    public async Task<Result<byte[]>> PrintAsync(string html, string? fixedDate, CancellationToken cancellationToken = default, string? footerNote = null)
    {
        if (!File.Exists(options.ChromiumPath))
        {
            return Unavailable($"服务器上没有找到 Chromium（{options.ChromiumPath}），暂时无法生成 PDF；请管理员安装 Debian 的 chromium 软件包，或设置 FinalAccounts:Pdf:ChromiumPath。可先下载 Excel 工作簿");
        }

        if (!await _slots.WaitAsync(options.QueueTimeout, cancellationToken))
        {
            return Result<byte[]>.Failure(new DomainError("pdf.busy", "正在生成的 PDF 太多，请稍后再试"));
        }

        try
        {
            var browser = await BrowserAsync();
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, Locale = "zh-CN" });
            var page = await context.NewPageAsync();
            await page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load });
            var pdf = await page.PdfAsync(new PagePdfOptions
            {
                Format = "A4",
                PrintBackground = true,
                PreferCSSPageSize = true,
                DisplayHeaderFooter = true,
                HeaderTemplate = "<span></span>",
                FooterTemplate = "<div style=\"width:100%;text-align:center;font-size:9px;font-family:'Noto Sans CJK SC','Noto Serif CJK SC',sans-serif;\">" + (footerNote is null ? "" : System.Net.WebUtility.HtmlEncode(footerNote) + " · ") + "第 <span class=\"pageNumber\"></span> 页 / 共 <span class=\"totalPages\"></span> 页</div>",
                Margin = new Margin { Top = "14mm", Bottom = "16mm", Left = "12mm", Right = "12mm" },
                // Bookmarks from the headings (parts, tables) stand in for page numbers in the 目录, which Chromium cannot compute.
                Tagged = true,
                Outline = true,
            });
            return Result<byte[]>.Success(fixedDate is null ? pdf : Stabilise(pdf, fixedDate));
        }
        catch (PlaywrightException e)
        {
            logger.LogError(e, "PDF rendering failed");
            await ResetAsync();
            return Unavailable("Chromium 生成 PDF 失败，请稍后再试；若一再出现，请管理员检查服务器上的 chromium");
        }
        finally
        {
            _slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ResetAsync();
        _slots.Dispose();
        _launch.Dispose();
    }

    /// <summary>
    /// Chromium stamps the print time into the PDF (CreationDate/ModDate). Replacing it with a fixed date of the same
    /// length makes the PDF of a published revision the same bytes every time, so the auditor pack has a stable hash.
    /// </summary>
    private static byte[] Stabilise(byte[] pdf, string fixedDate)
    {
        var text = Encoding.Latin1.GetString(pdf);
        foreach (var key in new[] { "/CreationDate (D:", "/ModDate (D:" })
        {
            var at = text.IndexOf(key, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var start = at + key.Length;
            var end = text.IndexOf(')', start);
            if (end > start)
            {
                var original = text[start..end];
                var replacement = fixedDate.Length >= original.Length ? fixedDate[..original.Length] : fixedDate.PadRight(original.Length, '0');
                text = string.Concat(text.AsSpan(0, start), replacement, text.AsSpan(end));
            }
        }

        return Encoding.Latin1.GetBytes(text);
    }

    private async Task<IBrowser> BrowserAsync()
    {
        if (_browser is { IsConnected: true } ready)
        {
            return ready;
        }

        await _launch.WaitAsync();
        try
        {
            if (_browser is { IsConnected: true } launched)
            {
                return launched;
            }

            _playwright ??= await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = options.ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            logger.LogInformation("Chromium launched for PDF rendering: {Path} {Version}", options.ChromiumPath, _browser.Version);
            return _browser;
        }
        finally
        {
            _launch.Release();
        }
    }

    private async Task ResetAsync()
    {
        if (_browser is not null)
        {
            try
            {
                await _browser.CloseAsync();
            }
            catch (PlaywrightException)
            {
                // already gone
            }

            _browser = null;
        }

        _playwright?.Dispose();
        _playwright = null;
    }

    private static Result<byte[]> Unavailable(string message) => Result<byte[]>.Failure(new DomainError("pdf.unavailable", message));
}
