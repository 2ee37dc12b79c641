using System.Runtime.CompilerServices;

namespace WebFetch.Tests.Support;

/// <summary>
/// The machine's proxy variables are not the tests': HttpClient would send the tests'
/// requests for 127.0.0.1 through a proxy named there (loopback is not exempt), in this
/// process and in every CLI and worker started from it. A test that wants a proxy sets one.
/// </summary>
internal static class HermeticEnvironment
{
    private static readonly string[] ProxyVariables =
        ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"];

#pragma warning disable CA2255 // a test assembly is the application here: this must run before any HttpClient reads them
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void ClearProxyVariables()
    {
        foreach (string name in ProxyVariables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
