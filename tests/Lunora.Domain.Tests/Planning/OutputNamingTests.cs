using Lunora.Domain.Planning;

namespace Lunora.Domain.Tests.Planning;

public class OutputNamingTests
{
    [Theory]
    [InlineData("yt-main")]
    [InlineData("a-very-long-destination-identifier-that-would-never-fit-in-thirty-two-characters")]
    [InlineData("")]
    public void GroupName_AnyId_IsStablePrefixedAndWithinMediaLiveLimit(string id)
    {
        var name = OutputNaming.GroupName(id);

        Assert.Equal(name, OutputNaming.GroupName(id));
        Assert.StartsWith(OutputNaming.Prefix, name, StringComparison.Ordinal);
        Assert.True(name.Length <= 32);
        Assert.True(OutputNaming.IsManaged(name));
    }

    [Fact]
    public void GroupName_DifferentIds_Differ()
    {
        Assert.NotEqual(OutputNaming.GroupName("a"), OutputNaming.GroupName("b"));
    }
}
