using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WebApp.Accounts;
using WebApp.Cart;
using WebApp.Mail;
using WebApp.Security;

namespace WebApp.Api;

/// <summary>
/// Bearer tokens for apps: ASP.NET Core Identity's own (an access token of an hour, a refresh token of 14 days, both
/// protected by the store's data-protection keys). Login goes through <see cref="PasswordSignIn"/>, the login page's
/// own check, under the same rate limit; refresh re-reads the account so a locked account, a new password or "sign out
/// everywhere" ends it. Identity's MapIdentityApi is not mapped: registration, confirmation and password resets stay
/// on the pages with their own rules.
/// </summary>
public static class AuthApi
{
    private const string Prefix = ApiProblems.Root + "/auth";

    public sealed record LoginRequest(string? Email, string? Password);

    public sealed record RefreshRequest(string? RefreshToken);

    public sealed record AntiforgeryToken(string HeaderName, string Token);

    /// <summary>Token endpoints read no token themselves (a stale one sent along must not block getting a new one).</summary>
    public static bool IsTokenEndpoint(PathString path) => path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);

    public static void Map(RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Authentication").RequireRateLimiting(RateLimits.Accounts);

        auth.MapPost("/login", LoginAsync)
            .WithSummary("Exchange an email and password for a bearer token")
            .WithDescription("The same check as the sign-in page: confirmed accounts only, lockout after 5 failures for 15 minutes, and one answer for every failure. Accounts with two-step sign-in get 403: the API takes no codes, they sign in on the website.")
            .Accepts<LoginRequest>("application/json")
            .Produces<AccessTokenResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        auth.MapPost("/refresh", RefreshAsync)
            // Its own budget, not the sign-ins' (RateLimitOptions.Refresh): the endpoint's policy is the one that counts.
            .RequireRateLimiting(RateLimits.Refresh)
            .WithSummary("Exchange a refresh token for a new access token")
            .Accepts<RefreshRequest>("application/json")
            .Produces<AccessTokenResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        auth.MapPost("/logout", LogoutAsync)
            .RequireRateLimiting(RateLimits.Refresh)
            .WithSummary("Sign this app out: its refresh token, and the access token sent with it, stop working")
            .WithDescription("Send the refresh token in the body and, if the app has it, the access token as usual in Authorization. Both are refused from then on (401), on this device only; the account's other sessions go on. Always 204 for a well-formed request, as RFC 7009 asks: a token already expired, signed out or not this store's is simply not kept.")
            .Accepts<RefreshRequest>("application/json")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        api.MapGet("/antiforgery", (HttpContext http, IAntiforgery antiforgery) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(http);
                return TypedResults.Ok(new AntiforgeryToken(tokens.HeaderName!, tokens.RequestToken!));
            })
            .WithTags("Authentication")
            .WithSummary("A token for cookie-authenticated writes from clients that send no Origin header")
            .Produces<AntiforgeryToken>();
    }

    /// <summary>A token response must not be kept by any cache (RFC 6749 5.1); errors carry the same headers, harmlessly.</summary>
    private static void NoStore(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
    }

    private static async Task<IResult> LoginAsync(HttpContext http, PasswordSignIn passwords, CurrentShopper shopper, CartService carts, UserManager<StoreUser> users)
    {
        NoStore(http);
        var (input, problem) = await ApiJson.ReadAsync<LoginRequest>(http);
        if (problem is not null) return problem;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input!.Email)) errors["email"] = ["Enter your email address."];
        else if (!MailboxAttribute.IsMailbox(input.Email)) errors["email"] = ["Enter a valid email address."];
        if (string.IsNullOrEmpty(input.Password)) errors["password"] = ["Enter your password."];
        else if (input.Password.Length > PasswordPolicy.MaxLength) errors["password"] = [$"Passwords are at most {PasswordPolicy.MaxLength} characters."];
        if (errors.Count > 0) return ApiProblems.Invalid(errors);

        var result = await passwords.SignInAsync(input.Email!, input.Password!, persistent: false, IdentityConstants.BearerScheme, http.RequestAborted);
        // On success the bearer handler has written the token response.
        if (result.Succeeded)
        {
            // The cart the app filled before signing in (its cart cookie) joins the account's, as at the website's sign-in:
            // it was left behind, and the signed-in app found an empty cart (an outside review, session 45). The cookie
            // itself cannot be cleared once the token is written; the cart it named is gone.
            if (shopper.AnonymousCartId is { } anonymousCartId && await users.FindByEmailAsync(input.Email!.Trim()) is { } user)
            {
                await carts.MergeAsync(anonymousCartId, user.Id, http.RequestAborted);
            }
            return Results.Empty;
        }
        if (result.RequiresTwoFactor)
        {
            // Identity started a second-step sign-in in a cookie; an API client will not finish it.
            await http.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
            return ApiProblems.Problem(StatusCodes.Status403Forbidden,
                "This account signs in with a second step (an authenticator code), which the API does not take: sign in on the website.",
                "Two-step sign-in required");
        }
        return ApiProblems.Unauthorized(PasswordSignIn.Failure);
    }

    private static async Task<IResult> RefreshAsync(HttpContext http, SignInManager<StoreUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer, RevokedTokens revoked, TimeProvider clock)
    {
        NoStore(http);
        var (input, problem) = await ApiJson.ReadAsync<RefreshRequest>(http);
        if (problem is not null) return problem;
        if (string.IsNullOrEmpty(input!.RefreshToken)) return ApiProblems.Invalid("refreshToken", "Send the refresh token from the login.");

        // Null too for a token of a signed-out app session (RevokedTokens).
        var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(input.RefreshToken);
        // As Identity's own refresh endpoint: expired, or the account's security stamp changed since (password, sign out).
        var user = ticket?.Properties.ExpiresUtc is { } expires && clock.GetUtcNow() < expires
            ? await signIn.ValidateSecurityStampAsync(ticket.Principal)
            : null;
        // And the sign-in page's rules: an account locked (or no longer confirmed) since gets no new token.
        if (user is null || !await signIn.CanSignInAsync(user) || await signIn.UserManager.IsLockedOutAsync(user))
        {
            return ApiProblems.Unauthorized("The refresh token is not valid or has expired: sign in again.");
        }
        // The new tokens carry on the session, so signing the app out ends them with the ones before.
        var principal = await signIn.CreateUserPrincipalAsync(user);
        if (RevokedTokens.SessionOf(ticket!.Principal) is { } session && principal.Identity is System.Security.Claims.ClaimsIdentity identity)
        {
            identity.AddClaim(new System.Security.Claims.Claim(RevokedTokens.SessionClaim, session));
        }
        await http.SignInAsync(IdentityConstants.BearerScheme, principal);
        return Results.Empty;
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, IOptionsMonitor<BearerTokenOptions> bearer, RevokedTokens revoked, TimeProvider clock)
    {
        NoStore(http);
        var (input, problem) = await ApiJson.ReadAsync<RefreshRequest>(http);
        if (problem is not null) return problem;
        if (string.IsNullOrEmpty(input!.RefreshToken)) return ApiProblems.Invalid("refreshToken", "Send the refresh token from the login.");

        // Only tokens this store issued and that are still alive are kept, so nothing sent here can fill the table. The
        // access token must be the same account's: anyone's refresh token may be ended by whoever holds it (it is then
        // no use to them either), but an access token is the caller's own.
        var options = bearer.Get(IdentityConstants.BearerScheme);
        var now = clock.GetUtcNow();
        var refresh = options.RefreshTokenProtector.Unprotect(input.RefreshToken);
        if (refresh?.Properties.ExpiresUtc is { } refreshExpires && refreshExpires > now)
        {
            // The session's newest refresh token may have been issued just now: its tokens live until then at the most.
            await revoked.RevokeAsync(refresh, input.RefreshToken, now + options.RefreshTokenExpiration, http.RequestAborted);
            var accessToken = ApiCaller.BearerTokenOf(http.Request);
            if (accessToken is { Length: > 0 } && options.BearerTokenProtector.Unprotect(accessToken) is { Properties.ExpiresUtc: { } accessExpires } access
                && accessExpires > now && CurrentShopper.UserIdOf(access.Principal) is { } userId && userId == CurrentShopper.UserIdOf(refresh.Principal))
            {
                await revoked.RevokeAsync(access, accessToken, accessExpires, http.RequestAborted);
            }
        }
        return Results.NoContent();
    }
}
