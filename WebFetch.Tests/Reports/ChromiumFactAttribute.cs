using Xunit;

namespace WebFetch.Tests.Reports;

/// <summary>A test that needs Debian's chromium: skipped, saying why, only when it is not installed (<c>.ci/install-chromium</c> installs it).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Find() is null)
        {
            Skip = "chromium is not installed (Debian: apt-get install chromium, as .ci/install-chromium does)";
        }
    }
}
