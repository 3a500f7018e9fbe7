using System.Net;
using FastCms.Outbox;
using FastCms.Webhooks;
using Microsoft.Extensions.Options;

namespace FastCms.Tests.Webhooks;

/// <summary>
/// The function that decides whether a resolved address may be connected to. Internal ranges are covered only here,
/// never by a test that could connect.
/// </summary>
public sealed class AddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.1")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]
    public void Check_InternalAddress_Refused(string address)
    {
        Assert.NotNull(AddressPolicy.Check(IPAddress.Parse(address), []));
    }

    [Theory]
    [InlineData("2130706433")]
    [InlineData("0177.0.0.1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("127.1")]
    [InlineData("017700000001")]
    public void Check_UnusualSpellingOfLoopback_Refused(string spelling)
    {
        Assert.True(IPAddress.TryParse(spelling, out var address), $"'{spelling}' did not parse");
        Assert.NotNull(AddressPolicy.Check(address, []));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Check_PublicAddress_Allowed(string address)
    {
        Assert.Null(AddressPolicy.Check(IPAddress.Parse(address), []));
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "::ffff:127.0.0.1", true)]
    [InlineData("127.0.0.1", "127.0.0.2", false)]
    [InlineData("10.0.0.0/8", "10.20.30.40", true)]
    [InlineData("10.0.0.0/8", "192.168.0.1", false)]
    [InlineData("fd00::/8", "fd00:ec2::254", true)]
    [InlineData("::1", "::1", true)]
    public void Check_AllowListed_AllowedOnlyInside(string entry, string address, bool allowed)
    {
        Assert.True(WebhookOptions.TryParseNetwork(entry, out var network));

        Assert.Equal(allowed, AddressPolicy.Check(IPAddress.Parse(address), [network]) is null);
    }

    [Fact]
    public void Validate_UnparsableAllowListEntry_NamesTheSetting()
    {
        var validator = new WebhookOptionsValidator(Options.Create(new OutboxOptions()));

        var result = validator.Validate(null, new WebhookOptions { AllowedAddresses = ["10.0.0.0/33", "localhost"] });

        Assert.True(result.Failed);
        Assert.Contains("FastCms:Webhooks:AllowedAddresses", result.FailureMessage);
        Assert.Contains("localhost", result.FailureMessage);
    }

    [Fact]
    public void Validate_TimeoutNotShorterThanLease_NamesBothSettings()
    {
        var validator = new WebhookOptionsValidator(Options.Create(new OutboxOptions { Lease = TimeSpan.FromSeconds(10) }));

        var result = validator.Validate(null, new WebhookOptions { Timeout = TimeSpan.FromSeconds(10) });

        Assert.True(result.Failed);
        Assert.Contains("FastCms:Webhooks:Timeout", result.FailureMessage);
        Assert.Contains("FastCms:Outbox:Lease", result.FailureMessage);
    }
}
