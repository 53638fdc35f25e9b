using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace WebApp.Accounts;

/// <summary>Identity's tokens as they travel in mailed links: Base64Url, so they survive URLs and mail clients.</summary>
public static class AccountTokens
{
    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code)) return null;
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
