using System.Runtime.Versioning;

// The servers are Debian's binaries, and the test servers (LocalServers/) signal process groups.
[assembly: SupportedOSPlatform("linux")]
