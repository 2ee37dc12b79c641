namespace WebFetch.Fetching.Tls;

/// <summary>
/// Thrown when a file of <c>--cacert</c>, <c>--cert</c> or <c>--key</c> cannot be used (missing,
/// unreadable, not PEM, an encrypted key, a key that is not the certificate's); its message names
/// the option and the file and says why in one line, never quoting what the file holds.
/// </summary>
internal sealed class CertificateFileException(string message, Exception? inner = null) : Errors.UserErrorException(message, inner);
