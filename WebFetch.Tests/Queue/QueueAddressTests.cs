using WebFetch.Queue;
using Xunit;

namespace WebFetch.Tests.Queue;

public sealed class QueueAddressTests
{
    [Fact]
    public void APasswordFromTheEnvironmentIsForTheUserTheUrlNames()
    {
        QueueAddress address = QueueAddress.Parse("nats://alice@queue.example:4223", password: "pw");

        Assert.False(address.SecretInUrl);
        Assert.Equal(("alice", "pw", null), (address.Options("t").AuthOpts.Username, address.Options("t").AuthOpts.Password, address.Options("t").AuthOpts.Token));
    }

    [Fact]
    public void ATokenFromTheEnvironmentIsForAUrlWithoutCredentials()
    {
        QueueAddress address = QueueAddress.Parse("nats://queue.example", token: "tk");

        Assert.False(address.SecretInUrl);
        Assert.Equal("tk", address.Options("t").AuthOpts.Token);
        Assert.Null(address.Options("t").AuthOpts.Username);
    }

    [Theory]
    [InlineData("nats://alice:pw@queue.example")]
    [InlineData("nats://tk@queue.example")]
    public void ASecretInTheUrlIsMarkedSoThatItCanBeWarnedAbout(string url) =>
        Assert.True(QueueAddress.Parse(url).SecretInUrl);

    [Theory]
    [InlineData("nats://queue.example", "pw", null)]
    [InlineData("nats://alice:other@queue.example", "pw", null)]
    [InlineData("nats://tk@queue.example", null, "tk")]
    public void ASecretFromTheEnvironmentThatDoesNotFitTheUrlIsAFormatErrorNamingTheVariable(string url, string? password, string? token) =>
        Assert.Contains("WEBFETCH_QUEUE_", Assert.Throws<FormatException>(() => QueueAddress.Parse(url, password: password, token: token)).Message);
}
