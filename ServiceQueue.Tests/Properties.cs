using System.Runtime.Versioning;

// Integration tests run the servers from Debian's packages through the AppHost's Linux-only code.
[assembly: SupportedOSPlatform("linux")]
