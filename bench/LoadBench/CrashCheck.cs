using Microsoft.Data.Sqlite;

namespace WebApp.Bench;

/// <summary>
/// What must hold in the store's database after any crash: it passes <c>PRAGMA integrity_check</c>, every order a
/// client was told about is there with the lines it was told (and cancelled when it was told so), and for every
/// product the stock plus what the orders placed since the start still hold (cancelled ones gave theirs back) equals
/// the stock at the start: nothing sold twice, nothing lost.
/// </summary>
public sealed class CrashCheck
{
    private readonly Dictionary<int, long> _startingStock;
    private readonly int _ordersBefore;

    private CrashCheck(Dictionary<int, long> startingStock, int ordersBefore)
    {
        _startingStock = startingStock;
        _ordersBefore = ordersBefore;
    }

    /// <summary>Reads the starting stock of every product and where the orders of this run will begin.</summary>
    public static CrashCheck Start(string databasePath)
    {
        using var connection = Open(databasePath);
        var stock = new Dictionary<int, long>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT Id, Stock FROM Products";
            using var reader = command.ExecuteReader();
            while (reader.Read()) stock[reader.GetInt32(0)] = reader.GetInt64(1);
        }
        using var max = connection.CreateCommand();
        max.CommandText = "SELECT coalesce(max(Id), 0) FROM Orders";
        return new CrashCheck(stock, Convert.ToInt32(max.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Every broken promise found, empty when the database is whole.</summary>
    public IReadOnlyList<string> Problems(string databasePath, IEnumerable<ConfirmedOrder> confirmed)
    {
        var problems = new List<string>();
        using var connection = Open(databasePath);
        using (var integrity = connection.CreateCommand())
        {
            integrity.CommandText = "PRAGMA integrity_check";
            var answer = (string?)integrity.ExecuteScalar();
            if (answer != "ok") problems.Add($"integrity_check: {answer}");
        }

        var lines = new Dictionary<int, List<OrderedLine>>();
        var status = new Dictionary<int, string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT o.Id, o.Status, l.ProductId, l.Quantity FROM Orders o LEFT JOIN OrderLines l ON l.OrderId = o.Id WHERE o.Id > $before";
            command.Parameters.AddWithValue("$before", _ordersBefore);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var id = reader.GetInt32(0);
                status[id] = reader.GetString(1);
                if (!lines.TryGetValue(id, out var list)) lines[id] = list = [];
                if (!reader.IsDBNull(2)) list.Add(new OrderedLine(reader.GetInt32(2), reader.GetInt32(3)));
            }
        }
        foreach (var order in confirmed)
        {
            if (!lines.TryGetValue(order.OrderId, out var stored)) { problems.Add($"order {order.OrderId} ({order.Client}) was confirmed but is missing"); continue; }
            if (!Sorted(stored).SequenceEqual(Sorted(order.Lines))) problems.Add($"order {order.OrderId}: lines {Text(stored)} in the database, {Text(order.Lines)} confirmed");
            if (order.Cancelled && status[order.OrderId] != "Cancelled") problems.Add($"order {order.OrderId} was cancelled but is {status[order.OrderId]}");
        }
        foreach (var (id, list) in lines.Where(l => l.Value.Count == 0)) problems.Add($"order {id} has no lines");

        var held = lines.Where(l => status[l.Key] != "Cancelled").SelectMany(l => l.Value)
            .GroupBy(l => l.ProductId).ToDictionary(g => g.Key, g => g.Sum(l => (long)l.Quantity));
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT Id, Stock FROM Products";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var id = reader.GetInt32(0);
                var stock = reader.GetInt64(1);
                var ordered = held.GetValueOrDefault(id);
                var before = _startingStock.GetValueOrDefault(id);
                if (stock + ordered != before) problems.Add($"product {id}: stock {stock} + ordered {ordered} = {stock + ordered}, started at {before}");
            }
        }
        return problems;
    }

    /// <summary>
    /// A backup's promise: the copy passes <c>integrity_check</c> and holds every order confirmed before the backup
    /// started, with its lines.
    /// </summary>
    public static IReadOnlyList<string> BackupProblems(string databasePath, IEnumerable<ConfirmedOrder> confirmedBefore)
    {
        var problems = new List<string>();
        using var connection = Open(databasePath);
        using (var integrity = connection.CreateCommand())
        {
            integrity.CommandText = "PRAGMA integrity_check";
            var answer = (string?)integrity.ExecuteScalar();
            if (answer != "ok") problems.Add($"integrity_check: {answer}");
        }
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT ProductId, Quantity FROM OrderLines WHERE OrderId = $id";
        var id = command.Parameters.Add("$id", SqliteType.Integer);
        foreach (var order in confirmedBefore)
        {
            id.Value = order.OrderId;
            var stored = new List<OrderedLine>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) stored.Add(new OrderedLine(reader.GetInt32(0), reader.GetInt32(1)));
            }
            if (stored.Count == 0) problems.Add($"order {order.OrderId} was confirmed before the backup started but is not in it");
            else if (!Sorted(stored).SequenceEqual(Sorted(order.Lines))) problems.Add($"order {order.OrderId}: lines {Text(stored)} in the backup, {Text(order.Lines)} confirmed");
        }
        return problems;
    }

    /// <summary>Orders placed since the start (for the summary).</summary>
    public int OrdersSince(string databasePath)
    {
        using var connection = Open(databasePath);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM Orders WHERE Id > $before";
        command.Parameters.AddWithValue("$before", _ordersBefore);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static IEnumerable<OrderedLine> Sorted(IEnumerable<OrderedLine> lines) => lines.OrderBy(l => l.ProductId).ThenBy(l => l.Quantity);

    private static string Text(IEnumerable<OrderedLine> lines) => string.Join(", ", Sorted(lines).Select(l => $"{l.ProductId}x{l.Quantity}"));

    // No pooling: the file is let go as soon as the check is done (the next cycle copies and kills around it).
    private static SqliteConnection Open(string databasePath)
    {
        var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        return connection;
    }
}
