namespace WebFetch.Tests.Architecture;

/// <summary>
/// One C# file of the project, with its folder (the first directory under the project, or
/// <see cref="FolderScan.Root"/> for a file at the top declaring <c>namespace WebFetch</c>,
/// <see cref="FolderScan.EntryPoint"/> for one in the global namespace), the namespaces it
/// declares, and its text with literals blanked, with and without comments.
/// </summary>
internal sealed record SourceFile(string Path, string Folder, IReadOnlyList<string> Namespaces, string Code, string CodeAndComments);
