namespace WebApp.Admin;

public enum ImportState { Running, Finished, Failed }

/// <summary>
/// One import's progress and result, read by the status page while the import runs in the background. Written by the
/// import's one task and read by requests: counters are plain fields updated in order, and a reader that sees a
/// slightly older count just shows it on its next refresh.
/// </summary>
public sealed class ProductImportJob
{
    /// <summary>Line-numbered errors kept for the page; the rest are only counted.</summary>
    public const int ErrorsShown = 100;

    public Guid Id { get; } = Guid.NewGuid();
    public required string FileName { get; init; }
    public required string AdminEmail { get; init; }
    public required long FileBytes { get; init; }

    /// <summary>
    /// Whether products already in the store take the file's stock. Off, they keep theirs: a file exported before some
    /// sales and imported after them to change prices put the sold units back (an outside review, session 45).
    /// </summary>
    public bool SetsStock { get; init; }
    public DateTime StartedAt { get; init; }
    public DateTime? FinishedAt { get; set; }
    public ImportState State { get; set; }
    public long BytesRead { get; set; }
    public int Rows { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Refused { get; set; }
    public int BrandsCreated { get; set; }

    /// <summary>Products whose stock differs from the file's and was kept, as <see cref="SetsStock"/> off says: the page
    /// said "every row was imported" and the owner took the file's stock for applied (session 52's review).</summary>
    public int StockKept { get; set; }
    public string? Failure { get; set; }

    private readonly List<(long Line, string Message)> _errors = [];

    public IReadOnlyList<(long Line, string Message)> Errors
    {
        get
        {
            lock (_errors) return [.. _errors];
        }
    }

    public int Percent => State == ImportState.Running ? (int)Math.Min(99, FileBytes == 0 ? 0 : BytesRead * 100 / FileBytes) : 100;

    public void Refuse(long line, string message)
    {
        Refused++;
        lock (_errors)
        {
            if (_errors.Count < ErrorsShown) _errors.Add((line, message));
        }
    }
}
