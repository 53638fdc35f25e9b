namespace WebApp.Search;

public enum MatchMode
{
    /// <summary>Every word exactly, the last one too: tried first when the last word is long enough to be a whole word.</summary>
    AllWordsExact,
    /// <summary>Every word (the last also as a prefix, so results follow typing), every phrase.</summary>
    AllWords,
    /// <summary>Any of the words: the first relaxation when all of them find nothing.</summary>
    AnyWord,
    /// <summary>Any word as a prefix: the last resort.</summary>
    AnyPrefix,
}
