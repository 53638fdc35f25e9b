using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebApp.Api;

/// <summary>
/// The store keeps every timestamp in UTC, but SQLite hands them back with <see cref="DateTimeKind.Unspecified"/>, which
/// the serializer writes without an offset ("2026-11-30T06:00:00"), leaving a client to guess the zone. This writes
/// them as UTC with "Z", and reads a value with an offset as that instant in UTC.
/// </summary>
public sealed class UtcDateTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().UtcDateTime;

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
        writer.WriteStringValue(utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
    }
}
