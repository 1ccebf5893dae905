using QRCoder;

namespace Consult.Server.Ui;

/// <summary>QR codes for pages: a PNG data URL, whole modules of a few pixels each (sharp on screen and on paper).</summary>
public static class QrImages
{
    public static string PngDataUrl(string text, int pixelsPerModule = 6)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var png = new PngByteQRCode(data);
        return "data:image/png;base64," + Convert.ToBase64String(png.GetGraphic(pixelsPerModule));
    }
}
