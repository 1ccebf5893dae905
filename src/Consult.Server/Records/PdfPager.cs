using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Consult.Server.Records;

/// <summary>
/// Writes lines down A4 pages, wrapping by width (Chinese has no spaces to break at, so any
/// character may end a line) and starting a new page, with its footer, when one is full.
/// </summary>
public sealed class PdfPager : IDisposable
{
    public const double Margin = 50;
    private const double FooterHeight = 24;
    private readonly PdfDocument _document;
    private readonly Func<int, string> _footer;
    private readonly XFont _footerFont;
    private XGraphics? _graphics;
    private PdfPage? _page;
    private int _pages;

    public PdfPager(PdfDocument document, XFont footerFont, Func<int, string> footer)
    {
        _document = document;
        _footerFont = footerFont;
        _footer = footer;
        NewPage();
    }

    public double Y { get; private set; }

    public double Width => _page!.Width.Point - (2 * Margin);

    public XGraphics Graphics => _graphics!;

    /// <summary>Writes <paramref name="text"/> wrapped within the page, <paramref name="indent"/> points in.</summary>
    public void Text(string text, XFont font, double indent = 0, XBrush? brush = null, bool centred = false)
    {
        var lineHeight = font.Size * 1.45;
        foreach (var line in Wrap(text, font, Width - indent))
        {
            Space(lineHeight);
            var x = centred ? Margin + ((Width - _graphics!.MeasureString(line, font).Width) / 2) : Margin + indent;
            _graphics!.DrawString(line, font, brush ?? XBrushes.Black, new XPoint(x, Y), XStringFormats.TopLeft);
            Y += lineHeight;
        }
    }

    public void Gap(double height) => Y += height;

    public void Rule()
    {
        Space(6);
        _graphics!.DrawLine(XPens.LightGray, Margin, Y + 3, Margin + Width, Y + 3);
        Y += 6;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit on this one.</summary>
    public void Space(double height)
    {
        if (Y + height > _page!.Height.Point - Margin - FooterHeight)
            NewPage();
    }

    public IEnumerable<string> Wrap(string text, XFont font, double width)
    {
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var start = 0;
            var lineWidth = 0.0;
            for (var i = 0; i < paragraph.Length;)
            {
                // A character beyond the BMP is two chars: never split it.
                var length = char.IsSurrogatePair(paragraph, i) ? 2 : 1;
                var glyph = _graphics!.MeasureString(paragraph.Substring(i, length), font).Width;
                if (lineWidth + glyph > width && i > start)
                {
                    yield return paragraph[start..i];
                    start = i;
                    lineWidth = 0;
                }

                lineWidth += glyph;
                i += length;
            }

            yield return paragraph[start..];
        }
    }

    private void NewPage()
    {
        _graphics?.Dispose();
        _page = _document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _graphics = XGraphics.FromPdfPage(_page);
        _pages++;
        var footer = _footer(_pages);
        var y = _page.Height.Point - Margin - 10;
        _graphics.DrawLine(XPens.LightGray, Margin, y - 4, _page.Width.Point - Margin, y - 4);
        _graphics.DrawString(footer, _footerFont, XBrushes.Gray, new XPoint(Margin, y), XStringFormats.TopLeft);
        Y = Margin;
    }

    public void Dispose() => _graphics?.Dispose();
}
