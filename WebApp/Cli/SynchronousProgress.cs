namespace WebApp.Cli;

/// <summary>Reports on the caller's thread: <see cref="Progress{T}"/> posts to the thread pool, so updates arrive late and out of order.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
