using System.Text.RegularExpressions;

namespace WebFetch.Tests.Architecture;

/// <summary>
/// Finds which folder of a project refers to which, from its source text. A file refers to
/// folder X (namespace <c>WebFetch.X</c>) where its code or comments (crefs included, string
/// literals excluded) write:
/// <list type="bullet">
/// <item><c>WebFetch.X</c>: a using directive (plain, static or alias) or a fully qualified name;</item>
/// <item><c>X.T</c> not preceded by a dot, where T is a type or a namespace declared in folder X: a name
/// qualified relative to the enclosing namespace (<c>Worker.WorkerSettings</c> inside <c>WebFetch.Protocol</c>);</item>
/// <item><c>T</c> alone in code or first in a cref, where T is a type of the root namespace
/// <c>WebFetch</c>, which every <c>WebFetch.*</c> namespace sees without a using (<c>Defaults</c>,
/// <c>Timings</c>).</item>
/// </list>
/// C# gives no other way to name another namespace's type (a <c>global using</c> would,
/// and <see cref="GlobalUsings"/> finds those so that a test can refuse them).
/// Limits: a type reached without its name being written (<c>var x = a.B()</c>, a lambda's
/// parameter, a chain of member accesses) is not seen, nor is a type named in a string
/// (reflection, <c>Type.GetType</c>); an unused using directive and a name in a comment's prose
/// written as <c>X.T</c> count as references; a local or member named like a folder and
/// followed by a member named like one of that folder's types would be mistaken for one.
/// </summary>
internal static partial class FolderScan
{
    /// <summary>The folder name of the project's top-level files in namespace <c>WebFetch</c> (Defaults.cs, Timings.cs).</summary>
    public const string Root = "WebFetch";

    /// <summary>The folder name of the project's top-level files in the global namespace (Program.cs, AssemblyInfo.cs).</summary>
    public const string EntryPoint = "Program";

    public static IReadOnlyList<SourceFile> Load(string projectDirectory)
    {
        var files = new List<SourceFile>();
        foreach (string path in Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(projectDirectory, path).Replace('\\', '/');
            if (relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal))
            {
                continue;
            }
            files.Add(Parse(relative, File.ReadAllText(path)));
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    public static SourceFile Parse(string relativePath, string source)
    {
        string code = SourceText.Mask(source, keepComments: false);
        List<string> namespaces = NamespaceDeclaration().Matches(code).Select(m => m.Groups[1].Value).ToList();
        int slash = relativePath.IndexOf('/', StringComparison.Ordinal);
        string folder = slash >= 0 ? relativePath[..slash] : namespaces.Count == 0 ? EntryPoint : Root;
        return new SourceFile(relativePath, folder, namespaces, code, SourceText.Mask(source, keepComments: true));
    }

    /// <summary>Every reference from a file of one folder to another folder, in file and line order.</summary>
    public static IReadOnlyList<FolderReference> References(IReadOnlyList<SourceFile> files)
    {
        var folders = files.Select(f => f.Folder).ToHashSet(StringComparer.Ordinal);
        Dictionary<string, HashSet<string>> declared = DeclaredNames(files);
        var rootTypes = declared.TryGetValue(Root, out HashSet<string>? names) ? names : [];
        var references = new List<FolderReference>();
        foreach (SourceFile file in files)
        {
            string[] lines = file.CodeAndComments.Split('\n');
            string[] codeLines = file.Code.Split('\n');
            for (int index = 0; index < lines.Length; index++)
            {
                var found = new List<(int Column, string To, string Text)>();
                string line = lines[index];
                foreach (Match m in QualifiedName().Matches(line))
                {
                    string first = m.Groups[1].Value;
                    string second = m.Groups[2].Value;
                    if (first == Root && folders.Contains(second) && second != Root && second != EntryPoint)
                    {
                        found.Add((m.Index, second, m.Value));
                    }
                    else if (folders.Contains(first) && declared.TryGetValue(first, out HashSet<string>? inFirst) && inFirst.Contains(second))
                    {
                        found.Add((m.Index, first, m.Value));
                    }
                }
                if (file.Folder is not Root)
                {
                    // A root type alone in code, or first in a cref; not a word of a comment's prose.
                    string code = codeLines[index];
                    IEnumerable<Match> alone = Identifier().Matches(code)
                        .Concat(Cref().Matches(line).Select(c => Identifier().Match(line, c.Groups[1].Index, c.Groups[1].Length)));
                    foreach (Match m in alone)
                    {
                        if (m.Success && rootTypes.Contains(m.Value) && (m.Index == 0 || code[m.Index - 1] != '.'))
                        {
                            found.Add((m.Index, Root, m.Value));
                        }
                    }
                }
                references.AddRange(found
                    .Where(r => r.To != file.Folder)
                    .OrderBy(r => r.Column)
                    .Select(r => new FolderReference(file.Folder, r.To, file.Path, index + 1, r.Text)));
            }
        }
        return references;
    }

    /// <summary>Global using directives of namespace WebFetch.* (in a source file or the project file): they would hide references from <see cref="References"/>.</summary>
    public static IReadOnlyList<string> GlobalUsings(string projectDirectory, IReadOnlyList<SourceFile> files) =>
        files.SelectMany(f => GlobalUsing().Matches(f.Code).Select(m => $"{f.Path}: {m.Value.Trim()}"))
            .Concat(Directory.EnumerateFiles(projectDirectory, "*.csproj")
                .SelectMany(p => ProjectUsing().Matches(File.ReadAllText(p)).Select(m => $"{Path.GetFileName(p)}: {m.Value}")))
            .ToList();

    /// <summary>The types (and nested namespaces such as <c>Idna</c>) each folder declares, read from code without comments.</summary>
    private static Dictionary<string, HashSet<string>> DeclaredNames(IReadOnlyList<SourceFile> files)
    {
        var declared = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (SourceFile file in files)
        {
            if (!declared.TryGetValue(file.Folder, out HashSet<string>? names))
            {
                declared[file.Folder] = names = new HashSet<string>(StringComparer.Ordinal);
            }
            names.UnionWith(TypeDeclaration().Matches(file.Code).Select(m => m.Groups[1].Value));
            names.UnionWith(DelegateDeclaration().Matches(file.Code).Select(m => m.Groups[1].Value));
            foreach (string ns in file.Namespaces)
            {
                names.UnionWith(ns.Split('.').Skip(2));
            }
        }
        return declared;
    }

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"\b(?:class|struct|interface|enum|record)\s+(?:(?:class|struct)\s+)?@?([A-Za-z_]\w*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\bdelegate\s+[\w<>\[\]?,.\s]+?\s@?([A-Za-z_]\w*)\s*[<(]")]
    private static partial Regex DelegateDeclaration();

    /// <summary><c>A.B</c> not preceded by a dot or an identifier character (<c>global::</c> may precede).</summary>
    [GeneratedRegex(@"(?<![\w.])@?([A-Za-z_]\w*)\.@?([A-Za-z_]\w*)")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"(?<![\w])[A-Za-z_]\w*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\bcref\s*=\s*""([^""]*)""")]
    private static partial Regex Cref();

    [GeneratedRegex(@"^\s*global\s+using\s+[^;]*\bWebFetch\b[^;]*;", RegexOptions.Multiline)]
    private static partial Regex GlobalUsing();

    [GeneratedRegex(@"<Using\s+Include\s*=\s*""WebFetch[^""]*""")]
    private static partial Regex ProjectUsing();
}
