namespace Latchkey.Load.Tests.Driver;

/// <summary>Percentiles and a least-squares trend, the two figures the verdicts rest on.</summary>
public static class Statistics
{
    /// <summary>Nearest-rank percentile (0 &lt; p ≤ 100) of unsorted values; NaN when empty.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>
    /// Least-squares line through (x, y): the slope per unit of x and the growth that slope
    /// predicts over the span of x (slope × (max x − min x)).
    /// </summary>
    public static (double Slope, double Growth, double Mean) Trend(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count < 3)
        {
            return (0, 0, points.Count == 0 ? double.NaN : points.Average(p => p.Y));
        }

        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var sxx = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        var sxy = points.Sum(p => (p.X - meanX) * (p.Y - meanY));
        var slope = sxx == 0 ? 0 : sxy / sxx;
        return (slope, slope * (points.Max(p => p.X) - points.Min(p => p.X)), meanY);
    }
}
