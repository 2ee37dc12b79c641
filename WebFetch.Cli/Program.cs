using WebFetch.Cli;
using WebFetch.Interop;
using WebFetch.Supervisor;
using WebFetch.Worker;

if (PosixHelperLibrary.Load() is string missing) // a library load closes the file it opens: no descriptor is kept
{
    Console.Error.WriteLine(missing);
    return ExitCodes.Usage;
}
StandardDescriptors.Secure(); // before anything opens a file, which could take the number of a closed stdout
// A worker is this same program started again with the hidden subcommand: hand over
// before the command line is even built, so a worker starts as fast as it can.
if (args is [var first, ..] && first == WorkerLauncher.WorkerCommand)
{
    return WorkerHost.Run();
}
return await CommandLineApp.RunAsync(args).ConfigureAwait(false);
