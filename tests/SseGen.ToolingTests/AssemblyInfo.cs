// One thing at a time on a 2-core machine: both tests share one packed package and each drives
// MSBuild-heavy child processes (a language server, dotnet format, dotnet build).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
