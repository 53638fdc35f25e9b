using Microsoft.AspNetCore.Identity;

namespace WebApp.Accounts;

/// <summary>
/// Length without composition rules (ASVS 2.1: 12 to 128 characters), and nothing guessable at any length: not a
/// breached password, not containing the email address, and a zxcvbn score of at least 3, which refuses repeats
/// (<c>aaaaaaaaaaaa</c>), sequences (<c>123456789012</c>), keyboard walks (<c>qwertyuiop12</c>) and common words with
/// digits (<c>Password1234</c>). The refusal says which of these it was.
/// </summary>
public sealed class PasswordPolicy : IPasswordValidator<StoreUser>
{
    public const int MinLength = 12;
    public const int MaxLength = 128;
    public const string LengthMessage = "Use at least 12 and at most 128 characters.";

    /// <summary>A password field's own length check, where it only signs in: no password of the store's is longer.</summary>
    public const string TooLongMessage = "Passwords can be at most 128 characters.";
    public const int MinScore = 3;

    // Breached passwords of 12 characters or more (shorter ones fail the length rule anyway): the long entries of
    // SecLists' 10,000 most common and of its RockYou top list, compared without regard to case.
    private static readonly Lazy<HashSet<string>> s_breached = new(() =>
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("WebApp.Accounts.breached-passwords.txt")
            ?? throw new InvalidOperationException("The breached password list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0) set.Add(line);
        }
        return set;
    });

    public Task<IdentityResult> ValidateAsync(UserManager<StoreUser> manager, StoreUser user, string? password) =>
        Task.FromResult(Check(password, user.Email) is { } reason
            ? IdentityResult.Failed(new IdentityError { Code = reason.Code, Description = reason.Message })
            : IdentityResult.Success);

    public sealed record Refusal(string Code, string Message);

    public static Refusal? Check(string? password, string? email)
    {
        if (string.IsNullOrEmpty(password)) return new("PasswordRequired", "Enter a password.");
        if (password.Length < MinLength) return new("PasswordTooShort", LengthMessage);
        if (password.Length > MaxLength) return new("PasswordTooLong", TooLongMessage);
        if (s_breached.Value.Contains(password))
        {
            return new("PasswordBreached", "That password appears in lists of leaked passwords, which attackers try first. Choose another one.");
        }
        if (email is { Length: > 0 } && (password.Contains(email, StringComparison.OrdinalIgnoreCase)
            || (email.Split('@')[0] is { Length: >= 4 } local && password.Contains(local, StringComparison.OrdinalIgnoreCase))))
        {
            return new("PasswordContainsEmail", "Your password must not contain your email address.");
        }
        if (IsRepeatedGroup(password)) return new("PasswordTooGuessable", "That password is too easy to guess: it repeats the same characters or words. Try three or four unrelated words.");
        string[] userInputs = email is { Length: > 0 } ? [.. s_siteWords, email, email.Split('@')[0]] : s_siteWords;
        var estimate = Zxcvbn.Zxcvbn.MatchPassword(password, userInputs);
        return estimate.Score >= MinScore ? null : new("PasswordTooGuessable", $"That password is too easy to guess: {Why(estimate)} Try three or four unrelated words.");
    }

    // Words of this site that an attacker tries first; zxcvbn counts them as guessable.
    private static readonly string[] s_siteWords = ["webapp", "webappstore", "store", "shop", "webshop"];

    /// <summary>"a1a1a1a1a1a1", "ab12ab12ab12", "catcatcatcat1": one short group said again, whatever it is made of.</summary>
    private static bool IsRepeatedGroup(string password)
    {
        var text = password.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        for (var size = 1; size <= text.Length / 2; size++)
        {
            var group = text[..size];
            var repeats = 0;
            while ((repeats + 1) * size <= text.Length && string.CompareOrdinal(text, repeats * size, group, 0, size) == 0) repeats++;
            // The repeats cover nearly all of it: at most a few characters left over at the end.
            if (repeats >= 2 && text.Length - repeats * size <= Math.Max(2, size / 2)) return true;
        }
        return false;
    }

    /// <summary>Names what makes it guessable: the kind of weak part that covers most of the password.</summary>
    private static string Why(Zxcvbn.Result estimate)
    {
        var weakest = estimate.MatchSequence
            .Where(m => m.Pattern != "bruteforce")
            .GroupBy(m => m.Pattern, StringComparer.Ordinal)
            .Select(g => (Pattern: g.Key, Covered: g.Sum(m => m.j - m.i + 1)))
            .OrderByDescending(p => p.Covered)
            .Select(p => p.Pattern)
            .FirstOrDefault();
        return weakest switch
        {
            "repeat" => "it repeats the same characters or words.",
            "sequence" => "it contains a sequence such as 1234 or abcd.",
            "spatial" => "it follows a pattern on the keyboard, such as qwerty.",
            "date" => "it is mostly a date or a year.",
            "dictionary" => "it is built from common words, names or passwords.",
            _ => "it is short for its kind of characters.",
        };
    }
}
