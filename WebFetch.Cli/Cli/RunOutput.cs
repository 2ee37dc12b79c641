using Serilog;
using WebFetch.Input;
using WebFetch.Output;

namespace WebFetch.Cli;

/// <summary>
/// Where a run's records go: stdout, the <c>--output</c> file (truncated), or the
/// <c>--resume</c> file (read for the URLs done, repaired, appended to, then rewritten with one
/// record per URL), in the format asked for.
/// </summary>
internal sealed class RunOutput(RunOptions options)
{
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
        return options.Format == OutputFormat.Csv
            ? new CsvRecordWriter(stream, header, [.. options.Fetch.Selectors.Select(s => s.Name)], options.Fetch.Links)
            : new RecordWriter(stream);
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
