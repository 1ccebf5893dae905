using Consult.Server.Hosting;

namespace Consult.Server.Api;

/// <summary>Addresses the public opens (tracking links, record checks): under <c>Consult:PublicBaseUrl</c>, else under the address the staff member used.</summary>
public static class PublicLinks
{
    public static string BaseUrl(ConsultOptions options, string requestBase) =>
        (string.IsNullOrEmpty(options.PublicBaseUrl) ? requestBase : options.PublicBaseUrl).TrimEnd('/');

    public static string BaseUrl(ConsultOptions options, HttpContext http) =>
        BaseUrl(options, $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}");

    public static string Track(string baseUrl, string token) => $"{baseUrl.TrimEnd('/')}/track/{token}";
}
