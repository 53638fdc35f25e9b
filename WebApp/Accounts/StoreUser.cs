using Microsoft.AspNetCore.Identity;

namespace WebApp.Accounts;

public sealed class StoreUser : IdentityUser
{
    public DateTime CreatedAt { get; set; }
}
