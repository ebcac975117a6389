namespace FinalAccounts.Infrastructure.Catalogs;

/// <summary>
/// One version of one year's catalogue of one kind (ADR 0019). Versions are only added, never changed: the highest
/// version of a year and kind is the current one; version 1 is the catalogue shipped with the application.
/// </summary>
public sealed class CatalogVersionRecord
{
    public Guid Id { get; init; }
    public int Year { get; init; }

    /// <summary><c>functional</c> or <c>economic</c>.</summary>
    public string Kind { get; init; } = "";

    public int Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";

    /// <summary>Where it came from: the shipped file, an uploaded file's name, or a confirmed code.</summary>
    public string Source { get; init; } = "";

    public int Count { get; init; }
    public int Added { get; init; }
    public int Renamed { get; init; }
    public int Removed { get; init; }
}

/// <summary>One code of a catalogue version.</summary>
public sealed class CatalogEntryRecord
{
    public Guid VersionId { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
}

/// <summary>One pair of the mapping of a kind's codes from one year to another (replaced as a whole on upload).</summary>
public sealed class CatalogMappingRecord
{
    public int FromYear { get; init; }
    public int ToYear { get; init; }
    public string Kind { get; init; } = "";
    public string FromCode { get; init; } = "";
    public string ToCode { get; init; } = "";
}
