using System.Text;

namespace WebFetch.Fetching;

/// <summary>Makes the legacy code pages (windows-1252, Shift_JIS, GBK, Big5, ...) available, once per process.</summary>
internal static class CodePages
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        }
    }
}
