using Serilog;
using WebFetch.Fetching;
using WebFetch.Fetching.Tls;
using WebFetch.Input;
using WebFetch.Output;

namespace WebFetch.Cli;

/// <summary>
/// The checks made before any worker starts: every input can be read, the output can be
/// written and is none of the inputs, stdin and stdout are open where they are used, and a
/// proxy variable that is not a proxy URL is told, and the files of the TLS options can be used
/// as the workers will use them. A failed check throws with the reason, and
/// the run ends with exit 2 having started nothing.
/// </summary>
internal static class RunPreflight
{
    public static void Check(RunOptions options, RunOutput output)
    {
        foreach (string warning in options.Warnings)
        {
            Log.Warning("{Warning}", warning);
        }
        CheckInputs(options.Files);
        CheckOutputFile(options, output.Path);
        if (output.Path is null && !StandardDescriptors.StdoutOpen)
        {
            throw new OutputFileException("stdout is closed, so the records would have nowhere to go: redirect it, or use --output FILE");
        }
        if (options.Fetch.Proxy is null)
        {
            WarnOfUnusableProxyVariables();
        }
        CheckTlsFiles(options.Fetch);
    }

    /// <summary>
    /// Reads the files of <c>--cacert</c>, <c>--cert</c> and <c>--key</c> as a worker will (a
    /// <see cref="CertificateFileException"/> says what is wrong in one line), and warns of a
    /// private key that other users can read.
    /// </summary>
    private static void CheckTlsFiles(FetchOptions fetch)
    {
        if (fetch.CaCertFile is null && fetch.ClientCertFile is null)
        {
            return;
        }
        using (new ClientTls(fetch, TimeProvider.System))
        {
        }
        if (PrivateKeyFile.ReadableByOthers(fetch) is { } warning)
        {
            Log.Warning("{Warning}", warning);
        }
    }

    private static void CheckInputs(IReadOnlyList<string> files)
    {
        foreach (string file in files.Where(f => f != "-"))
        {
            InputReader.CheckReadable(file);
        }
        if (files.Contains("-") && !StandardDescriptors.StdinOpen)
        {
            throw new InputException("stdin is closed, so '-' has nothing to read: give the URLs in a file, or redirect stdin");
        }
    }

    /// <summary>
    /// Refuses an output file that is a directory, or that is also an input: an input would be
    /// truncated before it is read (--output), or read back as it grows (--resume), however it
    /// is named: through a link, or as the file stdin is redirected from. Devices are left
    /// alone: `-o /dev/stdout` may be the terminal that stdin reads too.
    /// </summary>
    private static void CheckOutputFile(RunOptions options, string? output)
    {
        if (output is null)
        {
            return;
        }
        if (Directory.Exists(output))
        {
            throw new OutputFileException($"cannot open {(options.ResumeFile is null ? "output" : "resume")} file '{output}': it is a directory");
        }
        if (FileIdentity.Of(output) is not { IsRegularFile: true } target)
        {
            return;
        }
        foreach (string file in options.Files)
        {
            if ((file == "-" ? FileIdentity.Of(0) : FileIdentity.Of(file)) == target)
            {
                string input = file == "-" ? "stdin" : $"the input '{file}'";
                throw new OutputFileException(options.ResumeFile is null
                    ? $"--output '{output}' is {input}: it would be emptied before it is read"
                    : $"--resume '{output}' is {input}: records would be appended to the list being read");
            }
        }
    }

    private static void WarnOfUnusableProxyVariables()
    {
        foreach ((string name, string value) in ProxyVariables.Unusable(Environment.GetEnvironmentVariable))
        {
            Log.Warning("{Name} is set to '{Value}', which is not a proxy URL: requests will not go through a proxy", name, value);
        }
    }
}
