using Microsoft.AspNetCore.Mvc.Rendering;

namespace WebApp.Pages.Admin;

internal static class FieldErrorIds
{
    public static string For(string fullFieldName) => TagBuilder.CreateSanitizedId(fullFieldName, "_") + "-error";
}
