using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SseGen.IntegrationTests;

/// <summary>
/// A real authentication scheme for tests: a request names its user (and roles) in headers, the
/// handler turns them into a signed-in principal; without them it challenges with 401 and forbids
/// with 403, as a bearer scheme does. Authorization runs as in any app (UseAuthentication,
/// UseAuthorization, policies).
/// </summary>
public static class HeaderAuthentication
{
    public const string SchemeName = "TestHeader";
    public const string UserHeader = "X-Test-User";
    public const string RolesHeader = "X-Test-Roles";

    /// <summary>A policy only users in the "admin" role pass.</summary>
    public const string AdminsPolicy = "Admins";

    /// <summary>Starts a server with the scheme, the <see cref="AdminsPolicy"/> policy and the auth middleware.</summary>
    public static Task<TestServer> StartServerAsync(Action<WebApplication>? configureApp = null, Func<WebApplication, SseEndpointConventionBuilder?>? map = null) =>
        TestServer.StartAsync(
            services =>
            {
                services.AddAuthentication(SchemeName).AddScheme<AuthenticationSchemeOptions, Handler>(SchemeName, null);
                services.AddAuthorization(options => options.AddPolicy(AdminsPolicy, policy => policy.RequireRole("admin")));
            },
            app =>
            {
                app.UseAuthentication();
                app.UseAuthorization();
                configureApp?.Invoke(app);
            },
            map);

    /// <summary>Signs the request in as <paramref name="user"/> with <paramref name="roles"/>.</summary>
    public static Action<HttpRequestMessage> SignedIn(string user, params string[] roles) => request =>
    {
        request.Headers.Add(UserHeader, user);
        if (roles.Length > 0)
        {
            request.Headers.Add(RolesHeader, string.Join(',', roles));
        }
    };

    private sealed class Handler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(UserHeader, out var name) || string.IsNullOrEmpty(name))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var claims = new List<Claim> { new(ClaimTypes.Name, name.ToString()) };
            foreach (var role in Request.Headers[RolesHeader].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                claims.Add(new Claim(ClaimTypes.Role, role));
            }

            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
        }
    }
}
