using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace WebApp.Search;

/// <summary>
/// FTS5's own bm25, computed the same way, except that each phrase's document count comes in as an argument instead of
/// being counted for every query. FTS5's bm25() walks every phrase's whole doclist to count its documents before it
/// scores the first row: for "ergonomic ho*" that is the 320,000 documents holding a word that starts with "ho", most
/// of the query's time, and the same count every time. <see cref="TermIndex"/> remembers the counts, so scoring costs
/// only the rows that matched.
/// <para>SQL: <c>store_bm25(ProductSearch, w0..w3, g0..gP, nHit0..nHitG)</c>: one weight per column, as bm25() takes
/// them; for each phrase of the MATCH expression, in order, the query phrase it stands for; then each query phrase's
/// document count. A prefix the caller expanded into the terms that exist (<c>"watch"*</c> into <c>("watch" OR
/// "watches")</c>) is several FTS5 phrases but one query phrase: its instances add up as the prefix's would, so the
/// score is the prefix's. Arguments that do not fit are an SQL error, never a wrong score. Registered per native connection through FTS5's C API (<c>fts5_api.xCreateFunction</c>),
/// which Microsoft.Data.Sqlite does not wrap.</para>
/// </summary>
public static unsafe class StoreBm25
{
    public const string Name = "store_bm25";

    private const string Library = "e_sqlite3";
    private const int SqliteOk = 0;
    private const int SqliteRow = 100;
    private const int SqliteError = 1;
    private const int MaxPhrases = 64;

    private static readonly ConditionalWeakTable<object, object> s_registered = [];
    private static readonly byte[] s_name = "store_bm25\0"u8.ToArray();
    private static readonly byte[] s_pointerType = "fts5_api_ptr\0"u8.ToArray();
    private static readonly byte[] s_select = "SELECT fts5(?1)\0"u8.ToArray();

    /// <summary>Makes the function available on this connection's native handle (once per handle; pooled handles keep it).</summary>
    public static void Register(SqliteConnection connection)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        if (s_registered.TryGetValue(handle, out _)) return;
        lock (s_registered)
        {
            if (s_registered.TryGetValue(handle, out _)) return;
            var api = FindApi(handle.DangerousGetHandle());
            int rc;
            fixed (byte* name = s_name)
            {
                rc = api->xCreateFunction(api, name, null, &Score, null);
            }
            if (rc != SqliteOk) throw new InvalidOperationException($"FTS5 refused the {Name} function (SQLite error {rc}).");
            s_registered.AddOrUpdate(handle, handle);
        }
    }

    private static Fts5Api* FindApi(IntPtr db)
    {
        IntPtr stmt;
        Fts5Api* api = null;
        fixed (byte* sql = s_select)
        {
            if (sqlite3_prepare_v2(db, sql, -1, &stmt, null) != SqliteOk) throw new InvalidOperationException("FTS5 is not available.");
        }
        try
        {
            fixed (byte* type = s_pointerType)
            {
                // SQLite keeps the type string until the statement is finalised; the pinned static array outlives it.
                if (sqlite3_bind_pointer(stmt, 1, &api, type, IntPtr.Zero) != SqliteOk) throw new InvalidOperationException("FTS5 is not available.");
                var step = sqlite3_step(stmt);
                if (step != SqliteRow && step != 101) throw new InvalidOperationException("FTS5 is not available.");
            }
        }
        finally
        {
            _ = sqlite3_finalize(stmt);
        }
        if (api == null) throw new InvalidOperationException("FTS5 is not available.");
        return api;
    }

    // fts5_aux.c's fts5Bm25Function, with nHit read from the arguments.
    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void Score(Fts5ExtensionApi* api, IntPtr fts, IntPtr context, int argCount, IntPtr* args)
    {
        const double k1 = 1.2;
        const double b = 0.75;
        try
        {
            var columns = api->xColumnCount(fts);
            var phrases = api->xPhraseCount(fts);
            var groups = argCount - columns - phrases;
            if (phrases > MaxPhrases || groups < 1 || groups > phrases)
            {
                Fail(context, $"{Name} needs {columns} column weights, {phrases} phrase groups and their counts; it was given {argCount} values.");
                return;
            }
            var groupOf = stackalloc int[phrases];
            for (var i = 0; i < phrases; i++)
            {
                groupOf[i] = (int)sqlite3_value_int64(args[columns + i]);
                if ((uint)groupOf[i] >= (uint)groups)
                {
                    Fail(context, $"{Name}: phrase {i} names group {groupOf[i]} of {groups}.");
                    return;
                }
            }
            long rows;
            long tokens;
            int rc = api->xRowCount(fts, &rows);
            if (rc == SqliteOk) rc = api->xColumnTotalSize(fts, -1, &tokens);
            else tokens = 0;
            var instances = 0;
            if (rc == SqliteOk) rc = api->xInstCount(fts, &instances);
            var freq = stackalloc double[groups];
            for (var i = 0; i < groups; i++) freq[i] = 0;
            for (var i = 0; rc == SqliteOk && i < instances; i++)
            {
                int phrase, column, offset;
                rc = api->xInst(fts, i, &phrase, &column, &offset);
                if (rc == SqliteOk) freq[groupOf[phrase]] += columns > column ? sqlite3_value_double(args[column]) : 1.0;
            }
            var size = 0;
            if (rc == SqliteOk) rc = api->xColumnSize(fts, -1, &size);
            if (rc != SqliteOk)
            {
                sqlite3_result_error_code(context, rc);
                return;
            }
            var avgdl = (double)tokens / rows;
            double d = size;
            var score = 0.0;
            for (var i = 0; i < groups; i++)
            {
                var hits = sqlite3_value_int64(args[columns + phrases + i]);
                var idf = Math.Log((rows - hits + 0.5) / (hits + 0.5));
                if (idf <= 0.0) idf = 1e-6;
                score += idf * (freq[i] * (k1 + 1.0) / (freq[i] + k1 * (1 - b + b * d / avgdl)));
            }
            sqlite3_result_double(context, -1.0 * score);
        }
        catch (Exception e)
        {
            Fail(context, e.Message);
        }
    }

    private static void Fail(IntPtr context, string message)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(message);
        fixed (byte* text = bytes) sqlite3_result_error(context, text, bytes.Length);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Fts5Api
    {
        public int iVersion;
        public IntPtr xCreateTokenizer;
        public IntPtr xFindTokenizer;
        public delegate* unmanaged[Cdecl]<Fts5Api*, byte*, void*, delegate* unmanaged[Cdecl]<Fts5ExtensionApi*, IntPtr, IntPtr, int, IntPtr*, void>, void*, int> xCreateFunction;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Fts5ExtensionApi
    {
        public int iVersion;
        public IntPtr xUserData;
        public delegate* unmanaged[Cdecl]<IntPtr, int> xColumnCount;
        public delegate* unmanaged[Cdecl]<IntPtr, long*, int> xRowCount;
        public delegate* unmanaged[Cdecl]<IntPtr, int, long*, int> xColumnTotalSize;
        public IntPtr xTokenize;
        public delegate* unmanaged[Cdecl]<IntPtr, int> xPhraseCount;
        public IntPtr xPhraseSize;
        public delegate* unmanaged[Cdecl]<IntPtr, int*, int> xInstCount;
        public delegate* unmanaged[Cdecl]<IntPtr, int, int*, int*, int*, int> xInst;
        public IntPtr xRowid;
        public IntPtr xColumnText;
        public delegate* unmanaged[Cdecl]<IntPtr, int, int*, int> xColumnSize;
    }

#pragma warning disable SYSLIB1054 // plain DllImport: blittable signatures, no marshalling to generate
    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_prepare_v2(IntPtr db, byte* sql, int bytes, IntPtr* stmt, byte** tail);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_bind_pointer(IntPtr stmt, int index, void* pointer, byte* type, IntPtr destructor);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_step(IntPtr stmt);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_finalize(IntPtr stmt);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern double sqlite3_value_double(IntPtr value);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern long sqlite3_value_int64(IntPtr value);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void sqlite3_result_double(IntPtr context, double value);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void sqlite3_result_error(IntPtr context, byte* message, int bytes);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void sqlite3_result_error_code(IntPtr context, int code);
#pragma warning restore SYSLIB1054
}
