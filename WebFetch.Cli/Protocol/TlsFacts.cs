namespace WebFetch.Protocol;

/// <summary>
/// The TLS of the connection that gave a record's final response (<c>--fields tls</c>, issue 19):
/// the protocol version (<c>TLSv1.3</c>), the cipher suite by its IANA name, and the server
/// certificate's subject and issuer (distinguished names), expiry (<c>not_after</c>, UTC, ISO 8601),
/// whole days from the fetch to that expiry (negative once expired), and subject alternative
/// names (DNS names and IP addresses).
/// </summary>
internal sealed record TlsFacts(
    string Version, string Cipher, string? Subject, string? Issuer, string? NotAfter, int? DaysLeft, IReadOnlyList<string>? San);
