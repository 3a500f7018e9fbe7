using BenchmarkDotNet.Running;
using FastCms.Benchmarks;

// dotnet run -c Release --project benchmarks/FastCms.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(RequestMetricsBenchmarks).Assembly).Run(args);
