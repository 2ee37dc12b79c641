using Xunit;

namespace WebFetch.Tests.Support;

/// <summary>The end-to-end tests share one local site and run one at a time (they start real process pools).</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndGroup : ICollectionFixture<LocalSite>
{
    public const string Name = "end to end";
}
