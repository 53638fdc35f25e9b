using Microsoft.AspNetCore.Identity;

namespace WebApp.Accounts;

/// <summary>
/// Length rules without composition rules (ASVS 2.1): at least 12 characters, at most 128, and not one of the 10,000
/// most common passwords, compared without regard to case.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<StoreUser>
{
    public const int MaxLength = 128;

    private static readonly Lazy<HashSet<string>> s_common = new(() =>
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("WebApp.Accounts.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0) set.Add(line);
        }
        return set;
    });

    public static int CommonPasswordCount => s_common.Value.Count;

    public Task<IdentityResult> ValidateAsync(UserManager<StoreUser> manager, StoreUser user, string? password)
    {
        if (password is null) return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "PasswordRequired", Description = "Enter a password." }));
        if (password.Length > MaxLength)
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "PasswordTooLong", Description = $"Passwords can be at most {MaxLength} characters." }));
        }
        if (s_common.Value.Contains(password) || (user.Email is { } email && password.Contains(email, StringComparison.OrdinalIgnoreCase)))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "PasswordTooCommon", Description = "That password is too common or too easy to guess. Try a few unrelated words." }));
        }
        return Task.FromResult(IdentityResult.Success);
    }
}
