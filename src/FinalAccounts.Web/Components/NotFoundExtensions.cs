using Microsoft.AspNetCore.Components;

namespace FinalAccounts.Web.Components;

internal static class NotFoundExtensions
{
    /// <summary>Answers 404 and lets the router render the not-found page with this specific message.</summary>
    public static void ShowNotFound(this NavigationManager navigation, HttpContext? context, string message)
    {
        if (context is not null)
        {
            context.Items[Pages.NotFound.NotFoundMessageKey] = message;
        }

        navigation.NotFound();
    }
}
