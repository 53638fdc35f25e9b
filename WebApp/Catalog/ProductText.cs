using System.Text.RegularExpressions;

namespace WebApp.Catalog;

public static partial class ProductText
{
    /// <summary>
    /// A description's paragraphs as the shop owner wrote them: a blank line starts a new one, including a line of only
    /// spaces or tabs (text pasted from elsewhere has those); single line breaks stay inside a paragraph.
    /// </summary>
    public static IEnumerable<string> Paragraphs(string description) =>
        BlankLine().Split(description.ReplaceLineEndings("\n")).Select(p => p.Trim()).Where(p => p.Length > 0);

    [GeneratedRegex(@"\n[ \t]*\n")]
    private static partial Regex BlankLine();
}
