using SkiaSharp;

namespace WebApp.Catalog;

/// <summary>
/// Decides whether uploaded bytes are a product photo: by content, never by the file name or the Content-Type the
/// browser sent. The leading bytes must be PNG, JPEG or WebP and agree with what the decoder finds; the size is read
/// from the header before anything is decoded, so a tiny file claiming a huge canvas is refused cheaply; then the
/// whole picture is decoded and encoded again. Only the re-encoded pixels are stored, so bytes hidden after or
/// inside the image (HTML, script, metadata such as GPS position) never reach a visitor.
/// </summary>
public static class PhotoCheck
{
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int MaxSide = 8000;
    private const int Quality = 88;

    public sealed record Result(byte[]? Bytes, string Extension, string ContentType, int Width, int Height, string? Error)
    {
        public static Result Refused(string error) => new(null, "", "", 0, 0, error);
    }

    public static Result Check(byte[] data)
    {
        if (data.Length == 0) return Result.Refused("The file is empty.");
        if (data.Length > MaxBytes) return Result.Refused($"A photo can be at most {MaxBytes / 1024 / 1024} MB.");
        var claimed = FormatOf(data);
        if (claimed is null) return Result.Refused("That file is not a PNG, JPEG or WebP picture.");

        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream);
        if (codec is null || codec.EncodedFormat != claimed) return Result.Refused("That file is not a readable PNG, JPEG or WebP picture.");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0 || width > MaxSide || height > MaxSide) return Result.Refused($"A photo can be at most {MaxSide:N0} pixels wide and high.");

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        var decoded = codec.GetPixels(info, bitmap.GetPixels());
        if (decoded is not (SKCodecResult.Success or SKCodecResult.IncompleteInput)) return Result.Refused("That picture could not be read in full.");
        if (decoded == SKCodecResult.IncompleteInput) return Result.Refused("That picture is cut short.");

        var (format, extension, contentType) = claimed.Value switch
        {
            SKEncodedImageFormat.Png => (SKEncodedImageFormat.Png, ".png", "image/png"),
            SKEncodedImageFormat.Jpeg => (SKEncodedImageFormat.Jpeg, ".jpg", "image/jpeg"),
            _ => (SKEncodedImageFormat.Webp, ".webp", "image/webp"),
        };
        using var encoded = bitmap.Encode(format, Quality);
        if (encoded is null) return Result.Refused("That picture could not be stored.");
        return new Result(encoded.ToArray(), extension, contentType, width, height, null);
    }

    /// <summary>What the leading bytes say the file is.</summary>
    private static SKEncodedImageFormat? FormatOf(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return SKEncodedImageFormat.Png;
        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return SKEncodedImageFormat.Jpeg;
        if (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8)) return SKEncodedImageFormat.Webp;
        return null;
    }
}
