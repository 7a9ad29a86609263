// The load tests read /proc and bind loopback source addresses: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
