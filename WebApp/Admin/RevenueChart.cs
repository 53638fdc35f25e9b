using System.Globalization;
using WebApp.Catalog;

namespace WebApp.Admin;

/// <summary>
/// Revenue per day as bars in an SVG drawn on the server: readable without script, with a sentence for screen readers
/// (<see cref="Summary"/>) and the same figures as a table beside it. Coordinates are in the viewBox, so the chart
/// scales to any width.
/// </summary>
public sealed class RevenueChart(IReadOnlyList<RevenueChart.Day> days)
{
    public sealed record Day(DateOnly Date, int Orders, long RevenueCents);

    public const int Width = 600;
    public const int Height = 220;
    private const int Left = 8;
    private const int Top = 24;
    private const int Bottom = 28;
    private const double Gap = 0.2;

    public IReadOnlyList<Day> Days => days;

    public long MaxCents { get; } = days.Count == 0 ? 0 : days.Max(d => d.RevenueCents);

    public long TotalCents { get; } = days.Sum(d => d.RevenueCents);

    public double BaseLine => Height - Bottom;

    private double Slot => (Width - 2.0 * Left) / Math.Max(1, days.Count);

    public string LeftOf(int index) => Number(Left + index * Slot + Slot * Gap / 2);

    public string BarWidth => Number(Slot * (1 - Gap));

    /// <summary>A day with revenue gets at least a sliver, so a small day is not mistaken for none.</summary>
    public double BarHeight(long cents) =>
        cents <= 0 || MaxCents <= 0 ? 0 : Math.Max(1.5, (BaseLine - Top) * cents / (double)MaxCents);

    public string TopOf(long cents) => Number(BaseLine - BarHeight(cents));

    public string HeightOf(long cents) => Number(BarHeight(cents));

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Label(DateOnly day) => day.ToString("d MMM", CultureInfo.InvariantCulture);

    /// <summary>The chart in one sentence: its span, total, best day and days without sales.</summary>
    public string Summary
    {
        get
        {
            if (days.Count == 0) return "No days to chart.";
            var span = $"Revenue per day from {Label(days[0].Date)} to {Label(days[^1].Date)}";
            if (TotalCents == 0) return $"{span}: no revenue on any day.";
            var best = days.OrderByDescending(d => d.RevenueCents).ThenBy(d => d.Date).First();
            var empty = days.Count(d => d.RevenueCents == 0);
            return $"{span}: {Money.Format(TotalCents)} in all; the best day was {Label(best.Date)} with {Money.Format(best.RevenueCents)}; " +
                $"{empty} {(empty == 1 ? "day" : "days")} without revenue.";
        }
    }
}
