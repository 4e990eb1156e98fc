using System.Runtime.Versioning;

// Linux only: a linux-x64 Native AOT publish and Debian's /usr/bin/chromium.
[assembly: SupportedOSPlatform("linux")]

// One thing at a time on a 2-core machine: a Native AOT publish next to the browser tests would
// make their timing (cleanup within 2 s, reconnects) measure CPU contention instead of SseGen.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
