using Xunit;

namespace WebFetch.Tests.Support;

/// <summary>
/// Tests that measure the whole test process (the bytes it allocated) run in this collection,
/// after the parallel ones and with no other test beside them: what another test allocates
/// meanwhile would count too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "measured alone";
}
