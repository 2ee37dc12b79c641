using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace WebFetch.Fetching;

/// <summary>
/// The certificate check of a TLS handshake, as .NET makes it, with its refusal said in plain
/// words (issue 19): "certificate for X is not valid for host Y", "certificate expired on
/// DATE", "unknown issuer (self-signed or an untrusted CA)", rather than .NET's "see inner
/// exception". A refused certificate throws a <see cref="CertificateProblemException"/>, which
/// <see cref="FailureClassifier"/> reports as the error of kind tls.
/// </summary>
internal static class CertificateWords
{
    /// <summary>The check, for <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/>.</summary>
    public static bool Check(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        errors == SslPolicyErrors.None
            ? true
            : throw new CertificateProblemException(Describe((sender as SslStream)?.TargetHostName, certificate, chain, errors, DateTime.UtcNow));

    /// <summary>What is wrong with <paramref name="certificate"/> for <paramref name="host"/> at <paramref name="now"/>, most specific first.</summary>
    public static string Describe(string? host, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, DateTime now)
    {
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) || certificate is null)
        {
            return "the server sent no certificate";
        }
        using var owned = certificate as X509Certificate2 is null ? new X509Certificate2(certificate) : null;
        X509Certificate2 cert = owned ?? (X509Certificate2)certificate;
        var problems = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            problems.Add($"certificate for {string.Join(", ", NamesOf(cert))} is not valid for host {host ?? "(unknown)"}");
        }
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            problems.AddRange(ChainProblems(cert, chain, now));
        }
        return problems.Count == 0 ? $"certificate refused ({errors})" : string.Join("; ", problems);
    }

    /// <summary>The names a certificate is valid for: its DNS names and IP addresses, else its common name.</summary>
    private static List<string> NamesOf(X509Certificate2 cert)
    {
        var names = new List<string>();
        foreach (X509Extension extension in cert.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension alternative)
            {
                names.AddRange(alternative.EnumerateDnsNames());
                names.AddRange(alternative.EnumerateIPAddresses().Select(a => a.ToString()));
            }
        }
        if (names.Count == 0)
        {
            names.Add(cert.GetNameInfo(X509NameType.SimpleName, forIssuer: false) is { Length: > 0 } common ? common : "(no name)");
        }
        return names;
    }

    private static List<string> ChainProblems(X509Certificate2 cert, X509Chain? chain, DateTime now)
    {
        X509ChainStatusFlags flags = chain?.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status) ?? X509ChainStatusFlags.NoError;
        var problems = new List<string>();
        if (flags.HasFlag(X509ChainStatusFlags.NotTimeValid) || now > cert.NotAfter.ToUniversalTime() || now < cert.NotBefore.ToUniversalTime())
        {
            problems.Add(now < cert.NotBefore.ToUniversalTime()
                ? $"certificate not yet valid (valid from {Day(cert.NotBefore)})"
                : now > cert.NotAfter.ToUniversalTime() ? $"certificate expired on {Day(cert.NotAfter)}" : "a certificate of the chain is expired or not yet valid");
        }
        if (flags.HasFlag(X509ChainStatusFlags.Revoked))
        {
            problems.Add("certificate revoked");
        }
        if (flags.HasFlag(X509ChainStatusFlags.UntrustedRoot) || flags.HasFlag(X509ChainStatusFlags.PartialChain))
        {
            problems.Add("unknown issuer (self-signed or an untrusted CA)");
        }
        const X509ChainStatusFlags Said = X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.Revoked
            | X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain;
        if ((flags & ~Said) != X509ChainStatusFlags.NoError || problems.Count == 0)
        {
            problems.Add($"certificate chain not valid ({flags & ~Said})");
        }
        return problems;
    }

    private static string Day(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
