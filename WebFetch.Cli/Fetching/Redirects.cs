using System.Net;
using System.Net.Http.Headers;
using WebFetch.Urls;

namespace WebFetch.Fetching;

/// <summary>Which responses are redirects, and where they lead.</summary>
internal static class Redirects
{
    /// <summary>
    /// Where a redirect leads, resolved as a browser does (the URL Standard's parser, against
    /// the current URL); null when the response is not a redirect with a Location.
    /// </summary>
    public static WebUrl? Target(HttpResponseMessage response, WebUrl current)
    {
        if (!IsRedirect(response.StatusCode) || !response.Headers.NonValidated.TryGetValues("Location", out HeaderStringValues locations)
            || locations.Count == 0)
        {
            return null;
        }
        string location = locations.First();
        return WebUrl.TryParse(location, current, out WebUrl? next, out string? invalid)
            ? next
            : throw new RedirectException($"redirect to '{location}': {invalid}");
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
