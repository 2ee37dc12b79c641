using System.Text;

namespace WebFetch.Tests.Fetching;

/// <summary>One case of html5lib-tests' encoding files: the bytes of a page and the encoding a browser reads it with.</summary>
public sealed record EncodingCase(string File, int Number, byte[] Data, string Encoding)
{
    public static readonly string[] Files = ["tests1.dat", "tests2.dat"];

    public override string ToString() => $"{File} #{Number}";

    /// <summary>Every case of the vendored files (Fetching/Data), in file order.</summary>
    public static IReadOnlyList<EncodingCase> All() => [.. Files.SelectMany(Read)];

    /// <summary>
    /// Reads one file. A case is "#data", its lines, "#encoding", one line; the data's last line
    /// break belongs to the format, not to the page. Bytes are kept as they are (some cases hold
    /// a byte order mark or non-ASCII bytes).
    /// </summary>
    private static IEnumerable<EncodingCase> Read(string file)
    {
        // Latin-1 maps each byte to one char and back, so the bytes survive the line split.
        string text = System.Text.Encoding.Latin1.GetString(System.IO.File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fetching", "Data", file)));
        string[] lines = text.Split('\n');
        int number = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i] != "#data")
            {
                continue;
            }
            var data = new StringBuilder();
            int j = i + 1;
            for (; j < lines.Length && lines[j] != "#encoding"; j++)
            {
                data.Append(lines[j]).Append('\n');
            }
            if (j + 1 >= lines.Length)
            {
                throw new InvalidDataException($"{file}: the case at line {i + 1} has no #encoding line");
            }
            string page = data.Length > 0 ? data.ToString(0, data.Length - 1) : "";
            yield return new EncodingCase(file, ++number, System.Text.Encoding.Latin1.GetBytes(page), lines[j + 1].Trim());
            i = j + 1;
        }
    }
}
