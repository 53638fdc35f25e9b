namespace WebApp.Search;

/// <summary>
/// An FTS5 expression as it is run: <see cref="Expression"/> may have prefixes expanded into the terms that exist;
/// <see cref="AsRun"/> says how each phrase as written (<see cref="Phrases"/>) is run (its expansion, or itself).
/// <see cref="Phrases"/> is null when the expression was not one <see cref="TermIndex.PhrasesOf"/> reads.
/// <see cref="Expansions"/> holds, per phrase, the terms an expanded prefix was run as (null for a phrase run as written).
/// </summary>
public sealed record FtsQuery(string Expression, byte[] State, IReadOnlyList<FtsPhrase>? Phrases, IReadOnlyList<string>? AsRun = null, IReadOnlyList<string[]?>? Expansions = null);
