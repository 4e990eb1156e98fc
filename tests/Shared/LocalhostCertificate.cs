using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SseGen.Tests.Shared;

/// <summary>
/// A self-signed certificate for localhost and 127.0.0.1, made in memory by the test process: the
/// HTTP/2 tests need TLS (browsers speak HTTP/2 only over TLS), and a machine's development
/// certificate (<c>dotnet dev-certs</c>) is neither assumed nor touched. .NET clients accept exactly
/// this certificate (<see cref="IsThis"/>); the browser context ignores certificate errors.
/// </summary>
internal static class LocalhostCertificate
{
    private static readonly Lazy<X509Certificate2> Shared = new(Create);

    public static X509Certificate2 Instance => Shared.Value;

    /// <summary>Whether a server presented this very certificate.</summary>
    public static bool IsThis(X509Certificate? certificate) =>
        certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == Instance.GetCertHashString(HashAlgorithmName.SHA256);

    private static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        // Through PKCS#12 so the private key is a persisted one TLS can use on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }
}
