// Weights builders at scale: rook and queen lattices of 1,000,000 cells, k = 8 nearest neighbours and a
// distance band on 1,000,000 seeded uniform random points; BM_Smoke_* repeat each at n = 400 for ctest.
// Counters: units, links and the process's peak resident set size (getrusage ru_maxrss, MiB) after the
// run; the peak is the process's so far, so run one benchmark per process (--benchmark_filter) to isolate it.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cmath>
#include <random>
#include <string>

#include "engine/weights/weights_builder.hpp"

namespace hinterland::engine {
namespace {

double PeakResidentMebibytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// n points uniform on [0, sqrt(n)]^2 (one point per unit area), from a fixed seed.
Coordinates UniformPoints(std::int64_t n, unsigned seed) {
  std::mt19937_64 generator(seed);
  std::uniform_real_distribution<double> uniform(0.0, std::sqrt(static_cast<double>(n)));
  Coordinates points;
  points.ids.reserve(n);
  points.x.reserve(n);
  points.y.reserve(n);
  for (std::int64_t i = 0; i < n; ++i) {
    points.ids.push_back(std::to_string(i + 1));
    points.x.push_back(uniform(generator));
    points.y.push_back(uniform(generator));
  }
  return points;
}

void ReportCounters(benchmark::State& state, const SpatialWeights& w) {
  state.counters["units"] = static_cast<double>(w.n());
  state.counters["links"] = static_cast<double>(w.LinkCount());
  state.counters["peak_rss_MiB"] = PeakResidentMebibytes();
}

// Arguments: side (a side x side grid), contiguity (0 rook, 1 queen).
void RunLattice(benchmark::State& state) {
  const std::int64_t side = state.range(0);
  const Contiguity contiguity = state.range(1) == 0 ? Contiguity::kRook : Contiguity::kQueen;
  SpatialWeights w;
  for (auto _ : state) {
    w = SpatialWeights();  // free the previous result so the peak RSS is one build's
    w = BuildLattice(side, side, contiguity);
    benchmark::DoNotOptimize(w.LinkCount());
  }
  state.SetLabel(ToString(contiguity));
  ReportCounters(state, w);
}

// Arguments: n, k.
void RunKNearest(benchmark::State& state) {
  const Coordinates points = UniformPoints(state.range(0), 20240601);
  SpatialWeights w;
  for (auto _ : state) {
    w = SpatialWeights();  // free the previous result so the peak RSS is one build's
    w = BuildKNearestNeighbours(points, static_cast<int>(state.range(1)), DistanceMetric::kPlanar);
    benchmark::DoNotOptimize(w.LinkCount());
  }
  ReportCounters(state, w);
}

// Argument: n. Threshold 1.6 at one point per unit area: about pi 1.6^2 = 8 neighbours per point.
void RunDistanceBand(benchmark::State& state) {
  const Coordinates points = UniformPoints(state.range(0), 20240602);
  SpatialWeights w;
  for (auto _ : state) {
    w = SpatialWeights();  // free the previous result so the peak RSS is one build's
    w = BuildDistanceBand(points, 1.6, DistanceMetric::kPlanar);
    benchmark::DoNotOptimize(w.LinkCount());
  }
  ReportCounters(state, w);
}

void BM_Lattice(benchmark::State& state) { RunLattice(state); }
void BM_KNearest(benchmark::State& state) { RunKNearest(state); }
void BM_DistanceBand(benchmark::State& state) { RunDistanceBand(state); }
void BM_Smoke_Lattice(benchmark::State& state) { RunLattice(state); }
void BM_Smoke_KNearest(benchmark::State& state) { RunKNearest(state); }
void BM_Smoke_DistanceBand(benchmark::State& state) { RunDistanceBand(state); }

BENCHMARK(BM_Lattice)
    ->Args({1000, 0})
    ->Args({1000, 1})
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_KNearest)->Args({1000000, 8})->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DistanceBand)->Arg(1000000)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Smoke_Lattice)->Args({20, 0})->Args({20, 1})->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Smoke_KNearest)->Args({400, 8})->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Smoke_DistanceBand)->Arg(400)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace hinterland::engine

BENCHMARK_MAIN();
