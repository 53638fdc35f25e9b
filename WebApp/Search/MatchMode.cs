namespace WebApp.Search;

public enum MatchMode
{
    /// <summary>Every word exactly, the last one too: tried first when the last word is long enough to be a whole word.</summary>
    AllWordsExact,
    /// <summary>Every word (the last also as a prefix, so results follow typing), every phrase.</summary>
    AllWords,
    /// <summary>Any of the words, the last one too as typed: the first relaxation when all of them find nothing and the
    /// last word is long enough to be a whole word ("teal backpack" relaxed is the backpacks and what is teal, not
    /// backpacking tents, as "backpack" alone is; an outside review).</summary>
    AnyWordExact,
    /// <summary>Any of the words (the last also as a prefix).</summary>
    AnyWord,
    /// <summary>Any word as a prefix: the last resort.</summary>
    AnyPrefix,
}
