using BenchmarkDotNet.Running;
using FastCms.Benchmarks;

// dotnet run -c Release --project bench/FastCms.Benchmarks -- --filter '*'   (see docs/performance.md)
BenchmarkSwitcher.FromAssembly(typeof(RequestMetricsBenchmarks).Assembly).Run(args);
