using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using WebApp.Accounts;
using WebApp.Data;

namespace WebApp.Cli;

public static class CreateAdminCommand
{
    public static Command Create()
    {
        var email = new Option<string>("--email") { Description = "The admin's email address", Required = true };
        var password = new Option<string>("--password") { Description = $"A password that meets the store's policy ({WebApp.Accounts.PasswordPolicy.MinLength}+ characters, not guessable)", Required = true };
        var command = new Command("create-admin", "Create a confirmed admin, or promote an existing account to admin") { email, password };
        command.SetAction(async (parse, ct) =>
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddStoreDatabase();
            builder.Services.AddIdentityCore<StoreUser>(AccountServices.Configure)
                .AddRoles<IdentityRole>()
                .AddEntityFrameworkStores<StoreDbContext>()
                .AddPasswordValidator<PasswordPolicy>();
            using var host = builder.Build();
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Database.MigrateAsync(ct);
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>();
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();

            var address = parse.GetValue(email)!.Trim();
            if (!WebApp.Mail.MailboxAttribute.IsMailbox(address))
            {
                AnsiConsole.MarkupLine("[red]That is not a valid email address.[/]");
                return 1;
            }
            if (!await roles.RoleExistsAsync(Roles.Admin)) await roles.CreateAsync(new IdentityRole(Roles.Admin));

            var user = await users.FindByEmailAsync(address);
            IdentityResult result;
            if (user is null)
            {
                user = new StoreUser { UserName = address, Email = address, EmailConfirmed = true, CreatedAt = DateTime.UtcNow };
                result = await users.CreateAsync(user, parse.GetValue(password)!);
            }
            else
            {
                // Check the new password against the policy before touching the old one.
                result = IdentityResult.Success;
                foreach (var validator in users.PasswordValidators)
                {
                    var check = await validator.ValidateAsync(users, user, parse.GetValue(password));
                    if (!check.Succeeded) result = check;
                }
                if (result.Succeeded)
                {
                    user.EmailConfirmed = true;
                    await users.RemovePasswordAsync(user);
                    result = await users.AddPasswordAsync(user, parse.GetValue(password)!);
                }
            }
            if (!result.Succeeded)
            {
                foreach (var error in result.Errors) AnsiConsole.MarkupLineInterpolated(System.Globalization.CultureInfo.InvariantCulture, $"[red]{error.Description}[/]");
                return 1;
            }
            if (!await users.IsInRoleAsync(user, Roles.Admin))
            {
                await users.AddToRoleAsync(user, Roles.Admin);
                host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("WebApp.Accounts")
                    .LogWarning(AccountEvents.RoleChanged, "Role Admin granted to user {UserId} from the command line", user.Id);
            }
            AnsiConsole.MarkupLineInterpolated(System.Globalization.CultureInfo.InvariantCulture, $"[green]{address} is an admin and can sign in at /account/login.[/]");
            return 0;
        });
        return command;
    }
}
