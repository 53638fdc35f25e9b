using WebApp.Catalog;

namespace WebApp.Tests.OutputCaching;

public sealed class PooledBufferStreamTests
{
    [Fact]
    public async Task Everything_written_stays_readable_in_order_as_the_buffer_grows()
    {
        var expected = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 31)).ToArray();
        using var stream = new PooledBufferStream(1024);

        stream.Write(expected, 0, 1000);
        await stream.WriteAsync(expected.AsMemory(1000, 50_000));
        stream.Write(expected.AsSpan(51_000));

        Assert.Equal(expected.Length, stream.Length);
        Assert.Equal(expected, stream.Written.ToArray());
        Assert.Throws<NotSupportedException>(() => stream.Read(new byte[1], 0, 1));
    }
}
