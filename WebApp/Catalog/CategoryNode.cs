namespace WebApp.Catalog;

/// <summary>A category as pages use it: in its place in the tree, with its parent and children linked.</summary>
public sealed record CategoryNode(int Id, int? ParentId, string Name, string Slug, string Color)
{
    public List<CategoryNode> Children { get; } = [];
    public CategoryNode? Parent { get; internal set; }
    public bool IsDepartment => ParentId is null;
    // Built once: the layout links every department twice on every page.
    public string Url { get; } = $"/categories/{Slug}";

    public IEnumerable<CategoryNode> PathFromRoot()
    {
        var stack = new Stack<CategoryNode>();
        for (var node = this; node is not null; node = node.Parent) stack.Push(node);
        return stack;
    }

    public IEnumerable<CategoryNode> SelfAndDescendants() => Children.SelectMany(c => c.SelfAndDescendants()).Prepend(this);
}
