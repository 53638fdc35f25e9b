using Microsoft.Extensions.Options;

namespace WebApp.Tests.Infrastructure;

/// <summary>What a store that refused to start said: settings validation failures, else the exception chain's messages.</summary>
public static class StartupFailure
{
    public static string Messages(Exception e) => e is OptionsValidationException v
        ? string.Join(" | ", v.Failures)
        : e.Message + (e.InnerException is { } inner ? " | " + Messages(inner) : "") + (e is AggregateException a ? string.Join(" | ", a.InnerExceptions.Select(Messages)) : "");
}
