namespace FinalAccounts.Infrastructure.Reports;

/// <summary>
/// The auditor pack of a published revision, built once at publication and kept: every node serves the same bytes,
/// and the archived pack stays the evidence even after a Chromium upgrade would print the PDF differently.
/// </summary>
public sealed class ArchivedPack
{
    public Guid ReportId { get; init; }

    /// <summary>The report version the pack was built from (a published revision's version never changes).</summary>
    public int Version { get; init; }

    public string Sha256 { get; init; } = "";
    public byte[] Zip { get; init; } = [];
    public DateTimeOffset BuiltAt { get; init; }
    public string BuiltBy { get; init; } = "";
}
