using System.CommandLine;
using System.CommandLine.Parsing;
using WebFetch.Fetching;
using WebFetch.Logs;
using WebFetch.Output;
using WebFetch.Protocol;
using WebFetch.Supervisor;

namespace WebFetch.Cli;

/// <summary>The command line: <c>webfetch run FILE... [options]</c>. Options are declared here and bound in one place.</summary>
internal static class CommandLineApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        ParseResult parsed = Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError error in parsed.Errors)
            {
                Console.Error.WriteLine($"webfetch: {Redact.Secrets(error.Message)}");
            }
            Console.Error.WriteLine("Try 'webfetch run --help'.");
            return ExitCodes.Usage;
        }
        // webfetch handles SIGINT/SIGTERM itself (grace period, second interrupt), so the
        // library's own termination handling is off.
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
    }

    /// <summary>
    /// Parses a command line. Response files are off: an argument starting with <c>@</c> is
    /// taken as written (<c>-H @FILE</c> names a header file, which is read as headers, one a
    /// line, and not spliced into the command line as words).
    /// </summary>
    internal static ParseResult Parse(string[] args) =>
        Build().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });

    /// <summary>Most worker processes: more than any machine has cores for, and a bound on what a typo starts.</summary>
    public const int MaxWorkers = 1024;

    /// <summary>Most connections one worker serves at once (workers x C stays far from overflowing).</summary>
    public const int MaxConcurrency = 10_000;

    /// <summary>The unit of a plain number given to a timeout option.</summary>
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The record format: <c>--format</c> when given, else the one the output file's extension
    /// names (<c>-o out.csv</c> writes CSV), else JSON Lines.
    /// </summary>
    internal static OutputFormat ChosenFormat(OutputFormat? given, string? outputFile) =>
        given ?? (outputFile is null ? null : FormatByExtension.Of(outputFile)) ?? OutputFormat.Jsonl;

    /// <summary>
    /// Refuses options that contradict each other: --quiet with --verbose, two readers of stdin, a --format that is
    /// not the one the output file's extension names (a .csv file of JSON Lines breaks the
    /// spreadsheet that opens it), and --resume with CSV, as it reads and appends JSON Lines only.
    /// </summary>
    /// <summary>
    /// A check of how options combine, skipped when one of the values it reads is missing
    /// (<c>-o</c> as the last word): the parser has already said so, and reading such a value
    /// throws.
    /// </summary>
    private static Action<CommandResult> UnlessAValueIsMissing(Action<CommandResult> validate) => command =>
    {
        try
        {
            validate(command);
        }
        catch (InvalidOperationException) when (command.Children.Any(child => child.Errors.Any()) || command.Errors.Any())
        {
            // reported by the parser: "Required argument missing for option: '-o'."
        }
    };

    private static void CheckCombinations(
        CommandResult command, Option<bool> quiet, Option<bool> verbose, Option<string?> output, Option<string?> resume, Option<OutputFormat> format,
        Argument<string[]> files, Option<HeaderList> headers)
    {
        if (command.GetResult(headers) is { } headerResult && headerResult.Tokens.Any(t => t.Value == "@-")
            && command.GetValue(files) is { } inputs && inputs.Contains("-"))
        {
            command.AddError("--header @- and the input '-' cannot both read stdin: put the headers or the URLs in a file");
        }
        if (command.GetValue(quiet) && command.GetValue(verbose))
        {
            command.AddError("--quiet and --verbose cannot be used together");
        }
        OutputFormat? given = null;
        if (command.GetResult(format) is { Tokens.Count: > 0 } formatResult)
        {
            given = OptionParsers.FormatNamed(formatResult.Tokens[^1].Value);
            if (given is null)
            {
                return; // a bad --format, already reported by its parser
            }
        }
        string? resumeFile = command.GetValue(resume);
        string? file = resumeFile ?? command.GetValue(output);
        OutputFormat? named = file is null ? null : FormatByExtension.Of(file);
        if (given is OutputFormat chosen && named is OutputFormat promised && chosen != promised)
        {
            command.AddError($"--format {FormatByExtension.Name(chosen)} would write {FormatByExtension.Description(chosen)} into '{file}', "
                + $"whose name says {FormatByExtension.Description(promised)}: name the file for its format, or leave --format out");
        }
        else if (resumeFile is not null && ChosenFormat(given, resumeFile) == OutputFormat.Csv)
        {
            command.AddError(given is null
                ? $"--resume reads and appends JSON Lines only, and '{resumeFile}' is named as a CSV file: give it a .jsonl name"
                : "--resume reads and appends JSON Lines only: it cannot be used with --format csv");
        }
    }

    /// <summary>The <c>--expand-header</c> headers with the <c>--variable</c> values put in; what goes wrong is added to <paramref name="problems"/>.</summary>
    private static List<HeaderField> ExpandedHeaders(string[]? variables, string[]? templates, List<string> problems) =>
        HeaderVariables.Expand(variables ?? [], templates ?? [], Environment.GetEnvironmentVariable, problems);

    internal static RootCommand Build()
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "Files with one URL per line, read in order; '-' reads stdin. Blank lines and lines starting with '#' are skipped.",
            Arity = ArgumentArity.OneOrMore,
            Validators = { OptionParsers.NoUnknownOptions },
        };
        var workers = new Option<int>("--workers", "-w")
        {
            Description = "Worker processes",
            HelpName = "N",
            DefaultValueFactory = _ => Defaults.Workers,
            CustomParser = OptionParsers.Int(1, Defaults.Workers, MaxWorkers),
        };
        var concurrency = new Option<int>("--concurrency", "-c")
        {
            Description = "Connections each worker serves at once (workers x C URLs in flight)",
            HelpName = "C",
            DefaultValueFactory = _ => Defaults.Concurrency,
            CustomParser = OptionParsers.Int(1, Defaults.Concurrency, MaxConcurrency),
        };
        var timeout = new Option<Duration>("--timeout")
        {
            Description = "Timeout of each attempt, redirects and body included; seconds, or with a unit: 500ms, 1.5s, 2m, 1h",
            HelpName = "TIME",
            DefaultValueFactory = _ => new Duration(Defaults.Timeout),
            CustomParser = OptionParsers.Time(new Duration(Defaults.Timeout), Second),
        };
        var connectTimeout = new Option<Duration>("--connect-timeout")
        {
            Description = "TCP and TLS connect timeout; seconds, or with a unit",
            HelpName = "TIME",
            DefaultValueFactory = _ => new Duration(Defaults.ConnectTimeout),
            CustomParser = OptionParsers.Time(new Duration(Defaults.ConnectTimeout), Second),
        };
        var maxBytes = new Option<long>("--max-bytes")
        {
            Description = "Largest body read, after decompression; K, M, G suffixes, at most 1G",
            HelpName = "BYTES",
            DefaultValueFactory = _ => Defaults.MaxBytes,
            CustomParser = OptionParsers.Bytes(Defaults.MaxBytes),
        };
        var maxRedirects = new Option<int>("--max-redirects")
        {
            Description = "Redirects followed before the URL fails as too_many_redirects",
            HelpName = "N",
            DefaultValueFactory = _ => Defaults.MaxRedirects,
            CustomParser = OptionParsers.Int(0, Defaults.MaxRedirects),
        };
        var userAgent = new Option<string>("--user-agent", "-A")
        {
            Description = "User-Agent header",
            HelpName = "TEXT",
            DefaultValueFactory = _ => FetchOptions.DefaultUserAgent,
        };
        var headers = new Option<HeaderList>("--header", "-H")
        {
            Description = "Extra request header 'Name: value', or @FILE for the headers of a file, one a line (@-: stdin); repeatable",
            HelpName = "HEADER",
            Arity = ArgumentArity.OneOrMore, // repeatable, as when it was a list of headers
            CustomParser = FetchOptionParsers.Headers,
        };
        var variable = new Option<string[]>("--variable")
        {
            Description = "A variable for --expand-header: %NAME imports the environment variable NAME (an error when unset), %NAME=default, name=text; repeatable",
            HelpName = "[%]NAME[=TEXT]",
        };
        var expandHeader = new Option<string[]>("--expand-header")
        {
            Description = "Extra request header with {{NAME}} replaced by a --variable ({{NAME:trim:b64}} applies functions: trim, json, url, b64); repeatable",
            HelpName = "HEADER",
        };
        var proxy = new Option<string?>("--proxy")
        {
            Description = "Proxy URL [default: HTTP_PROXY, HTTPS_PROXY, NO_PROXY]",
            HelpName = "URL",
            CustomParser = FetchOptionParsers.Proxy,
        };
        var insecure = new Option<bool>("--insecure", "-k") { Description = "Do not verify TLS certificates" };
        var retries = new Option<int>("--retries")
        {
            Description = "Retries of a transient failure (connect error, timeout, 408, 429, 502, 503, 504)",
            HelpName = "N",
            DefaultValueFactory = _ => Defaults.Retries,
            CustomParser = FetchOptionParsers.Retries,
        };
        var select = new Option<SelectorSpec[]>("--select")
        {
            Description = "Put the text (or @attribute) of the elements CSS matches in select.NAME; repeatable",
            HelpName = "NAME=CSS[@attr]",
            CustomParser = FetchOptionParsers.Selectors,
        };
        var links = new Option<bool>("--links") { Description = "List the page's absolute link URLs in link_urls" };
        var fail = new Option<bool>("--fail", "-f")
        {
            Description = "Count an HTTP status of 400 or above as a failure: error kind http_status, exit code 1",
        };
        var socket = new Option<string?>("--socket")
        {
            Description = "Path of the workers' Unix socket [default: a private directory under $TMPDIR]",
            HelpName = "PATH",
        };
        var workerTimeout = new Option<Duration>("--worker-timeout")
        {
            Description = "Kill and replace a worker silent for this long; seconds, or with a unit",
            HelpName = "TIME",
            DefaultValueFactory = _ => new Duration(Defaults.WorkerTimeout),
            CustomParser = OptionParsers.Time(new Duration(Defaults.WorkerTimeout), Second, new Duration(PoolOptions.MinWorkerTimeout),
                $"twice the {new Duration(ControlMessage.HeartbeatInterval)} between a worker's heartbeats, so that one late heartbeat kills no worker"),
        };
        var maxAttempts = new Option<int>("--max-attempts")
        {
            Description = "Losses of one URL with a dying worker before it fails as worker_lost (with -c above 1, only losses while it ran alone count)",
            HelpName = "N",
            DefaultValueFactory = _ => Defaults.MaxAttempts,
            CustomParser = OptionParsers.Int(1, Defaults.MaxAttempts),
        };
        var grace = new Option<Duration>("--grace")
        {
            Description = "On SIGINT/SIGTERM, how long the URLs in flight get to finish; seconds, or with a unit",
            HelpName = "TIME",
            DefaultValueFactory = _ => new Duration(Defaults.Grace),
            CustomParser = OptionParsers.Time(new Duration(Defaults.Grace), Second),
        };
        // Parent-side scheduling and output options.
        var perHost = new Option<int>("--per-host")
        {
            Description = "URLs in flight at most per host, over all workers [default: unlimited]",
            HelpName = "N",
            CustomParser = OptionParsers.Int(1, 0),
        };
        var delay = new Option<Duration>("--delay")
        {
            Description = "Time at least between two request starts to one host: 500ms, 1.5s, 2m; a plain number is milliseconds",
            HelpName = "TIME",
            DefaultValueFactory = _ => default,
            CustomParser = OptionParsers.Time(default, TimeSpan.FromMilliseconds(1), zeroAllowed: true),
        };
        var rate = new Option<double>("--rate")
        {
            Description = "Request starts over all hosts: N per second, or N/s, N/m, N/h, N/d [default: unlimited]",
            HelpName = "N[/s|m|h|d]",
            CustomParser = OptionParsers.Rate,
        };
        var noDedup = new Option<bool>("--no-dedup") { Description = "Fetch every occurrence of a repeated URL instead of copying the first record" };
        var ordered = new Option<bool>("--ordered") { Description = "Write records in input order (a slow URL holds back the later ones)" };
        var output = new Option<string?>("--output", "-o") { Description = "Write records to FILE instead of stdout (a FILE named .csv gets CSV)", HelpName = "FILE" };
        var format = new Option<OutputFormat>("--format")
        {
            Description = "Record format: jsonl or csv [default: csv for a .csv output file, else jsonl]", // the enum's name would show as Jsonl
            HelpName = "jsonl|csv",
            CustomParser = OptionParsers.Format,
        };
        var resume = new Option<string?>("--resume")
        {
            Description = "Skip the URLs that already have a record in FILE and append the new records to it",
            HelpName = "FILE",
        };
        Option[] parentOptions = [perHost, delay, rate, noDedup, ordered, output, format, resume];
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Debug detail on stderr (-vv is the same); not with --quiet" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only warnings and errors on stderr; not with --verbose" };

        var run = new Command("run", "Fetch every URL and write one JSON line per URL to stdout")
        {
            files, workers, concurrency, timeout, connectTimeout, maxBytes, maxRedirects, userAgent,
            headers, variable, expandHeader, proxy, insecure, retries, select, links, fail,
            socket, workerTimeout, maxAttempts, grace,
        };
        foreach (Option option in parentOptions)
        {
            run.Options.Add(option);
        }
        run.Options.Add(verbose);
        run.Options.Add(quiet);
        run.Validators.Add(UnlessAValueIsMissing(command => CheckCombinations(command, quiet, verbose, output, resume, format, files, headers)));
        run.Validators.Add(UnlessAValueIsMissing(command =>
        {
            var problems = new List<string>();
            ExpandedHeaders(command.GetValue(variable), command.GetValue(expandHeader), problems);
            problems.ForEach(command.AddError);
        }));
        run.SetAction((result, cancellationToken) =>
        {
            var options = new RunOptions
            {
                Files = result.GetValue(files) ?? [],
                Workers = result.GetValue(workers),
                Concurrency = result.GetValue(concurrency),
                SocketPath = result.GetValue(socket),
                Fetch = new FetchOptions
                {
                    Timeout = result.GetValue(timeout).Value,
                    ConnectTimeout = result.GetValue(connectTimeout).Value,
                    MaxBytes = result.GetValue(maxBytes),
                    MaxRedirects = result.GetValue(maxRedirects),
                    UserAgent = result.GetValue(userAgent) ?? FetchOptions.DefaultUserAgent,
                    Headers = [.. (result.GetValue(headers) ?? HeaderList.Empty).Fields, .. ExpandedHeaders(result.GetValue(variable), result.GetValue(expandHeader), [])],
                    Proxy = result.GetValue(proxy),
                    Insecure = result.GetValue(insecure),
                    Retries = result.GetValue(retries),
                    Selectors = result.GetValue(select) ?? [],
                    Links = result.GetValue(links),
                    FailOnHttpError = result.GetValue(fail),
                },
                WorkerTimeout = result.GetValue(workerTimeout).Value,
                MaxAttempts = result.GetValue(maxAttempts),
                Grace = result.GetValue(grace).Value,
                LogLevel = result.GetValue(quiet) ? "Warning" : result.GetValue(verbose) ? "Debug" : "Information",
                Quiet = result.GetValue(quiet),
                Policy = new DispatchPolicy
                {
                    PerHost = result.GetValue(perHost),
                    Delay = result.GetValue(delay).Value,
                    Rate = result.GetValue(rate),
                    Dedup = !result.GetValue(noDedup),
                },
                Ordered = result.GetValue(ordered),
                OutputFile = result.GetValue(output),
                Format = ChosenFormat(result.GetResult(format) is null ? null : result.GetValue(format), result.GetValue(resume) ?? result.GetValue(output)),
                ResumeFile = result.GetValue(resume),
                Warnings = (result.GetValue(headers) ?? HeaderList.Empty).Warnings,
            };
            return new RunCommand(options).ExecuteAsync(cancellationToken);
        });

        var root = new RootCommand("webfetch: fetch many URLs through a pool of pre-started worker processes; one JSON line per URL on stdout.")
        {
            run,
        };
        return root;
    }
}
