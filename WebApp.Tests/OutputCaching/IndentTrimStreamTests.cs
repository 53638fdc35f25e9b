using System.Text;
using WebApp.Catalog;

namespace WebApp.Tests.OutputCaching;

public sealed class IndentTrimStreamTests
{
    private const string Page = "<ul>\n    <li class=\"a\">\n\t\tOne  two</li>\r\n\n   \n    <li>Three\n  four</li>\n</ul>\n  \n<p>  inner  spaces stay</p>";
    private const string Trimmed = "<ul>\n<li class=\"a\">\nOne  two</li>\r\n<li>Three\nfour</li>\n</ul>\n<p>  inner  spaces stay</p>";

    [Fact]
    public async Task Indentation_and_blank_lines_go_and_everything_else_stays_however_the_writes_are_split()
    {
        var bytes = Encoding.UTF8.GetBytes(Page);
        // Every split point, so a line's indentation (or a blank line) that straddles two writes is still dropped.
        for (var split = 0; split <= bytes.Length; split++)
        {
            using var inner = new MemoryStream();
            await using (var trim = new IndentTrimStream(inner))
            {
                trim.Write(bytes, 0, split);
                await trim.WriteAsync(bytes.AsMemory(split));
            }
            Assert.Equal(Trimmed, Encoding.UTF8.GetString(inner.ToArray()));
        }
    }

    [Fact]
    public void A_page_written_a_byte_at_a_time_reads_the_same()
    {
        using var inner = new MemoryStream();
        using (var trim = new IndentTrimStream(inner))
        {
            foreach (var b in Encoding.UTF8.GetBytes(Page)) trim.Write([b]);
        }
        Assert.Equal(Trimmed, Encoding.UTF8.GetString(inner.ToArray()));
    }
}
