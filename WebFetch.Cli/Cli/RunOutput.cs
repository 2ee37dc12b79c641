using Serilog;
using WebFetch.Input;
using WebFetch.Output;

namespace WebFetch.Cli;

/// <summary>
/// Where a run's records go: stdout, the <c>--output</c> file (truncated), or the
/// <c>--resume</c> file (read for the URLs done, repaired, appended to, then rewritten with one
/// record per URL), in the format asked for, all records or only those <c>--only-failed</c> or
/// <c>--only-ok</c> asks for.
/// </summary>
internal sealed class RunOutput(RunOptions options)
{
    private Func<(long Count, string Option)>? _leftOut; // of the writer Open returned, which the caller owns

    /// <summary>The records that <c>--only-failed</c> or <c>--only-ok</c> left out so far, and that option's name; null without them.</summary>
    public (long Count, string Option)? LeftOut => _leftOut?.Invoke();

    /// <summary>The file records go to, if not stdout.</summary>
    public string? Path => options.ResumeFile ?? options.OutputFile;

    /// <summary>
    /// Opens where records go. With <c>--resume</c>, <paramref name="done"/> gets the URLs the
    /// file already has a record of, and <paramref name="resumeFile"/> the file, for
    /// <see cref="RewriteResumeFile"/>.
    /// </summary>
    public IRecordWriter Open(DoneUrls? done, out FileStream? resumeFile)
    {
        resumeFile = null;
        bool header = true;
        Stream stream;
        if (options.ResumeFile is string resume)
        {
            if (options.OutputFile is string other && System.IO.Path.GetFullPath(other) != System.IO.Path.GetFullPath(resume))
            {
                throw new OutputFileException($"--resume appends to its own file '{resume}'; --output cannot name another one");
            }
            FileStream file = ResumeFile.Open(resume, done!);
            header = file.Length == 0;
            stream = file;
            resumeFile = file;
        }
        else
        {
            stream = options.OutputFile is string path ? OpenOutputFile(path) : RecordWriter.OpenStandardOutput();
        }
        IRecordWriter writer = WriterFor(stream, header);
        if (options.Only == RecordFilter.All)
        {
            return writer;
        }
        var filtered = new FilteredRecordWriter(writer, options.Only);
        _leftOut = () => (filtered.LeftOut, filtered.OptionName);
        return filtered;
    }

    private IRecordWriter WriterFor(Stream stream, bool header)
    {
        // the text lines are coloured only for a person at a terminal (https://no-color.org)
        bool terminal = Path is null && !Console.IsOutputRedirected;
        return options.Format switch
        {
            OutputFormat.Csv => new CsvRecordWriter(stream, header, [.. options.Fetch.Selectors.Select(s => s.Name)], options.Fetch.Links),
            OutputFormat.Text => new TextRecordWriter(stream, color: terminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")), terminal),
            _ => new RecordWriter(stream),
        };
    }

    /// <summary>
    /// Leaves the <c>--resume</c> file with one record per URL, the latest, once every record is
    /// in it. Returns the rewritten file, locked until the run exits, or null. A rewrite that
    /// fails leaves the file as it was, valid, with the latest record of a URL after the others.
    /// </summary>
    public FileStream? RewriteResumeFile(FileStream file)
    {
        try
        {
            return ResumeRewrite.Run(file, options.ResumeFile!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning("cannot rewrite resume file '{File}' with one record per URL: {Reason}; it keeps older records before the latest ones, and the next --resume tries again",
                options.ResumeFile, e.Message);
            return null;
        }
    }

    private static FileStream OpenOutputFile(string path)
    {
        try
        {
            return OutputFiles.Open(path, append: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputFileException(OutputFiles.InUse(e)
                ? $"output file '{path}' is in use by another run; wait for it to finish, or give another file"
                : FileErrors.Describe("cannot open output file", path, e), e);
        }
    }
}
