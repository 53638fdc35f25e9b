namespace WebApp.Addresses;

/// <summary>A state, province or territory: the code the post office prints ("IL", "ON", "NSW") and its name.</summary>
public sealed record Region(string Code, string Name);
