using System.Runtime.Versioning;

// webfetch is built on Linux facilities: fd inheritance across exec, SO_PEERCRED, poll(2), signals.
[assembly: SupportedOSPlatform("linux")]
