using FinalAccounts.Infrastructure.Accounts;
using FinalAccounts.Infrastructure.Reports;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace FinalAccounts.Web.Auth;

/// <summary>
/// Who is calling, for components and endpoints alike: the signed-in user and the address the audit log records.
/// In a request (API, static page, prerendering) both come from the HttpContext; in an interactive circuit the user
/// comes from the (revalidating) authentication state and the address from the connection that opened the circuit.
/// </summary>
public interface ICallerAccessor
{
    Task<Caller> GetAsync();
}

internal sealed class CallerAccessor(IHttpContextAccessor http, AuthenticationStateProvider authentication) : ICallerAccessor
{
    private bool _inCircuit;
    private string? _circuitAddress;

    public async Task<Caller> GetAsync()
    {
        if (!_inCircuit && http.HttpContext is { } context)
        {
            return AuthSetup.CallerOf(context);
        }

        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return new Caller(AccountClaims.ActorOf(user), _circuitAddress ?? "");
    }

    /// <summary>Called when this scope's circuit opens: from then on the HttpContext (if any) is not a request of this user's.</summary>
    internal void OpenCircuit(string? address) => (_inCircuit, _circuitAddress) = (true, address);
}

/// <summary>Records, as a circuit opens, the address of the connection that opened it (behind proxies: as forwarded).</summary>
internal sealed class CallerCircuitHandler(CallerAccessor accessor, IHttpContextAccessor http) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        accessor.OpenCircuit(http.HttpContext?.Connection.RemoteIpAddress?.ToString());
        return Task.CompletedTask;
    }
}
