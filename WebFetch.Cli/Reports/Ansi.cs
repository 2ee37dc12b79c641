namespace WebFetch.Reports;

/// <summary>
/// The few ANSI styles of the terminal report, or none: the caller decides whether to colour
/// (a terminal, NO_COLOR unset), and a writer without colour writes the text alone.
/// </summary>
internal sealed class Ansi(bool color)
{
    private const string Reset = "\u001b[0m";

    public string Bold(string text) => Style("\u001b[1m", text);

    public string Red(string text) => Style("\u001b[1;31m", text);

    public string Yellow(string text) => Style("\u001b[33m", text);

    public string Cyan(string text) => Style("\u001b[36m", text);

    public string Dim(string text) => Style("\u001b[2m", text);

    private string Style(string start, string text) => color && text.Length > 0 ? start + text + Reset : text;
}
