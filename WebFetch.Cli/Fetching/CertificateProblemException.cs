using System.Security.Authentication;

namespace WebFetch.Fetching;

/// <summary>
/// Thrown by the certificate check of a TLS handshake (<see cref="CertificateWords"/>) when the
/// server's certificate is refused; its message says why in plain words.
/// </summary>
internal sealed class CertificateProblemException(string message) : AuthenticationException(message);
