using Xunit;

namespace WebFetch.Tests.Support;

/// <summary>
/// The published NativeAOT binary, what users run. <c>dotnet test</c> does not build it:
/// <c>./build.sh test</c> publishes it (or reuses a fresh one) and names it in
/// <c>WEBFETCH_AOT</c>. Without it the tests that need it fail and say how to run them.
/// </summary>
public static class PublishedBinary
{
    public const string Variable = "WEBFETCH_AOT";

    private const string HowToRun =
        "run `./build.sh test`, which publishes ./bin/webfetch and sets it; or `./build.sh`, then " +
        $"`{Variable}=$PWD/bin/webfetch dotnet test webfetch.sln -c Debug`; " +
        "or leave these tests out with --filter \"FullyQualifiedName!~PublishedBinaryTests\"";

    /// <summary>The absolute path of the binary; fails the test with the way to run it when it is not there.</summary>
    public static string Path
    {
        get
        {
            string? path = System.Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrEmpty(path))
            {
                Assert.Fail($"{Variable} is not set, so there is no published NativeAOT binary to test: {HowToRun}.");
            }
            if (!System.IO.Path.IsPathFullyQualified(path))
            {
                Assert.Fail($"{Variable} is '{path}', a relative path: give the binary's absolute path ({HowToRun}).");
            }
            if (!File.Exists(path))
            {
                Assert.Fail($"{Variable} names {path}, which does not exist: {HowToRun}.");
            }
            string beside = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, "webfetch.dll");
            if (File.Exists(beside))
            {
                Assert.Fail($"{path} is a framework-dependent build ({beside} sits beside it), not the NativeAOT binary: publish with `./build.sh` (without WEBFETCH_JIT=1).");
            }
            return path;
        }
    }
}
