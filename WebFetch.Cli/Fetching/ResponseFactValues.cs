using WebFetch.Protocol;

namespace WebFetch.Fetching;

/// <summary>
/// The facts of one final response as the record will carry them (<c>--fields</c>): filled by
/// <see cref="ResponseFacts"/> when the response is in, its body's hash by <see cref="PageReader"/>
/// once read; the fields not asked for stay null and are left out of the record.
/// </summary>
internal sealed class ResponseFactValues
{
    public string? Ip { get; set; }

    public int? Port { get; set; }

    public string? HttpVersion { get; set; }

    public IReadOnlyDictionary<string, string>? Headers { get; set; }

    public bool HeadersTruncated { get; set; }

    public ResponseTiming? Timing { get; set; }

    public string? BodySha256 { get; set; }

    public TlsFacts? Tls { get; set; }
}
