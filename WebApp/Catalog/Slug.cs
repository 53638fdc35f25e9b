using System.Text;

namespace WebApp.Catalog;

public static class Slug
{
    /// <summary>"Nordvik Pro Headphones, Black" -> "nordvik-pro-headphones-black". ASCII only, so it is safe in any URL.</summary>
    public static string From(string text, int maxLength = 120)
    {
        var sb = new StringBuilder(Math.Min(text.Length, maxLength));
        var dash = false;
        foreach (var ch in text)
        {
            if (sb.Length >= maxLength) break;
            if (char.IsAsciiLetterOrDigit(ch))
            {
                sb.Append(char.ToLowerInvariant(ch));
                dash = false;
            }
            else if (!dash && sb.Length > 0)
            {
                sb.Append('-');
                dash = true;
            }
        }
        return sb.ToString().TrimEnd('-');
    }
}
