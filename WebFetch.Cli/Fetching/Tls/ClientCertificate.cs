using System.Security.Cryptography.X509Certificates;

namespace WebFetch.Fetching.Tls;

/// <summary>The client certificate of <c>--cert</c>, with its private key, and the other certificates of its file, sent with it as its chain.</summary>
internal sealed class ClientCertificate(X509Certificate2 certificate, X509Certificate2Collection chain) : IDisposable
{
    public X509Certificate2 Certificate { get; } = certificate;

    public X509Certificate2Collection Chain { get; } = chain;

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (X509Certificate2 certificate in Chain)
        {
            certificate.Dispose();
        }
    }
}
