namespace WebApp.Search;

/// <summary>
/// An FTS5 expression as it is run: <see cref="Expression"/> may have prefixes expanded into the terms that exist;
/// <see cref="AsRun"/> says how each phrase as written (<see cref="Phrases"/>) is run (its expansion, or itself).
/// <see cref="Phrases"/> is null when the expression was not one <see cref="TermIndex.PhrasesOf"/> reads.
/// </summary>
public sealed record FtsQuery(string Expression, byte[] State, IReadOnlyList<FtsPhrase>? Phrases, IReadOnlyList<string>? AsRun = null);
