using System.Runtime.Versioning;

// The local orchestrator runs the servers from Debian's packages and signals process groups.
[assembly: SupportedOSPlatform("linux")]
