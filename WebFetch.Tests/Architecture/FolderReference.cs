namespace WebFetch.Tests.Architecture;

/// <summary>One place where a file (or, read from the assembly, a type: no line) of folder <see cref="From"/> names folder <see cref="To"/> or a type declared in it.</summary>
internal sealed record FolderReference(string From, string To, string File, int Line, string Text)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Text}" : $"{File}: {Text}";
}
