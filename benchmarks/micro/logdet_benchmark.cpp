// Log-determinant back-ends on row-standardised rook lattices of n = 10^3 .. 10^6 (sides 32, 100, 316, 1000):
// the one-off set-up (CreateLogDeterminant: eigenvalues, symbolic analysis, traces) and one evaluation of
// log|I - rho W| at rho = 0.5. eigen (dense, O(n^3)) runs only to n = 10^4. BM_Smoke_* (n = 400) are what
// the bench_smoke ctest runs. Extreme eigenvalues on queen lattices show the Lanczos cost where no exact
// shortcut applies (rook lattices are bipartite with unit row sums: their ends are exact). BM_BlockProduct
// times S X for an n x b block against b single products (what blocking buys lanczos); accuracy per
// second of the approximate back-ends is logdet_accuracy_benchmark's subject. CPU times of the set-up and
// evaluation cases are the process's (MeasureProcessCPUTime), so BLAS and OpenMP worker threads count.
// BM_NearestNeighboursLu: lu (and interpolated over lu, n = 10^5) on row-standardised k = 8 nearest
// neighbours of seeded uniform points, set-up plus one evaluation, with the process's peak resident set size
// (run it alone, --benchmark_filter, to isolate the peak).
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cmath>
#include <random>
#include <string>

#include <map>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "engine/linalg/extreme_eigenvalues.hpp"
#include "engine/linalg/sparse_matrix.hpp"
#include "engine/logdet/log_determinant.hpp"
#include "engine/weights/weights_builder.hpp"
#include "tests/support/test_weights.hpp"

namespace hinterland::engine {
namespace {

const SpatialWeights& Rook(std::int64_t side) {
  static std::map<std::int64_t, SpatialWeights> lattices;
  auto found = lattices.find(side);
  if (found == lattices.end()) found = lattices.emplace(side, testing::RookLattice(side, side)).first;
  return found->second;
}

// Back-ends set up by BM_SetUp, reused by BM_Evaluate so that the slow set-ups run once per size.
std::map<std::pair<LogDetMethod, std::int64_t>, std::unique_ptr<LogDeterminant>>& Cache() {
  static std::map<std::pair<LogDetMethod, std::int64_t>, std::unique_ptr<LogDeterminant>> cache;
  return cache;
}

std::unique_ptr<LogDeterminant> SetUp(LogDetMethod method, std::int64_t side) {
  LogDetOptions options;
  options.method = method;
  return CreateLogDeterminant(Rook(side), options);
}

void BM_SetUp(benchmark::State& state, LogDetMethod method) {
  const std::int64_t side = state.range(0);
  Rook(side);  // build the lattice outside the timing
  std::unique_ptr<LogDeterminant> log_det;
  for (auto _ : state) {
    log_det = SetUp(method, side);
    benchmark::DoNotOptimize(log_det.get());
  }
  state.counters["n"] = static_cast<double>(side * side);
  state.SetLabel(log_det->Describe().substr(0, 120));
  Cache()[{method, side}] = std::move(log_det);
}

void BM_Evaluate(benchmark::State& state, LogDetMethod method) {
  const std::int64_t side = state.range(0);
  auto& slot = Cache()[{method, side}];
  if (!slot) slot = SetUp(method, side);
  // Untimed: cholesky's first factorisation also allocates the factor (n = 10^6: 2.8 s against 1.5 s).
  benchmark::DoNotOptimize(slot->Evaluate(0.45));
  for (auto _ : state) benchmark::DoNotOptimize(slot->Evaluate(0.5));
  state.counters["n"] = static_cast<double>(side * side);
}

void BM_Smoke_SetUpAndEvaluate(benchmark::State& state, LogDetMethod method) {
  for (auto _ : state) {
    const auto log_det = SetUp(method, 20);
    benchmark::DoNotOptimize(log_det->Evaluate(0.5));
  }
}

void BM_QueenExtremeEigenvalues(benchmark::State& state) {
  const std::int64_t side = state.range(0);
  const SpatialWeights w = testing::Lattice(side, side, true);
  ExtremeEigenvalues eigenvalues;
  for (auto _ : state) {
    eigenvalues = ComputeExtremeEigenvalues(w);
    benchmark::DoNotOptimize(eigenvalues.lambda_min);
  }
  state.counters["n"] = static_cast<double>(side * side);
  state.SetLabel(eigenvalues.method);
}

// b probes' worth of products with the rook lattice W (S has its pattern): one block product W X (range 1 =
// b columns) or b single products W x (range 2 = 0). Items are vector products, so items/s compare.
void BM_BlockProduct(benchmark::State& state) {
  const std::int64_t side = state.range(0);
  const std::int64_t columns = state.range(1);
  const bool blocked = state.range(2) == 1;
  const CsrMatrix matrix = ToCsrMatrix(Rook(side));
  const std::int64_t n = matrix.n;
  std::vector<double> x(static_cast<std::size_t>(n * columns), 1.0);
  std::vector<double> y(x.size());
  for (auto _ : state) {
    if (blocked) {
      matrix.MultiplyBlock(x, y, columns);
    } else {
      for (std::int64_t c = 0; c < columns; ++c) {
        matrix.Multiply(std::span<const double>(x).subspan(c * n, n), std::span<double>(y).subspan(c * n, n));
      }
    }
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * columns);
  state.counters["n"] = static_cast<double>(n);
}

// Row-standardised k = 8 nearest neighbours of n points uniform on [0, sqrt(n)]^2 (seeded; not similar to
// symmetric, so cholesky does not apply): set up `method` (lu or interpolated) and evaluate at rho = 0.5.
void BM_NearestNeighboursLu(benchmark::State& state, LogDetMethod method) {
  const std::int64_t n = state.range(0);
  std::mt19937_64 generator(20240601);
  std::uniform_real_distribution<double> uniform(0.0, std::sqrt(static_cast<double>(n)));
  Coordinates points;
  for (std::int64_t i = 0; i < n; ++i) {
    points.ids.push_back(std::to_string(i + 1));
    points.x.push_back(uniform(generator));
    points.y.push_back(uniform(generator));
  }
  const SpatialWeights w =
      BuildKNearestNeighbours(points, 8, DistanceMetric::kPlanar).Transform(WeightsStyle::kRowStandardised);
  points = Coordinates();
  LogDetOptions options;
  options.method = method;
  std::string description;
  for (auto _ : state) {
    const auto log_det = CreateLogDeterminant(w, options);
    benchmark::DoNotOptimize(log_det->Evaluate(0.5));
    description = log_det->Describe();
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["n"] = static_cast<double>(n);
  state.counters["peak_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
  state.SetLabel(description.substr(0, 120));
}

void Sizes(benchmark::internal::Benchmark* benchmark, bool dense) {
  benchmark->Arg(32)->Arg(100);
  if (!dense) benchmark->Arg(316)->Arg(1000);
  benchmark->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
}

BENCHMARK_CAPTURE(BM_SetUp, eigen, LogDetMethod::kEigen)->Apply([](auto* b) { Sizes(b, true); });
BENCHMARK_CAPTURE(BM_SetUp, cholesky, LogDetMethod::kCholesky)->Apply([](auto* b) { Sizes(b, false); });
BENCHMARK_CAPTURE(BM_SetUp, lu, LogDetMethod::kLu)->Apply([](auto* b) { Sizes(b, false); });
BENCHMARK_CAPTURE(BM_SetUp, chebyshev, LogDetMethod::kChebyshev)->Apply([](auto* b) { Sizes(b, false); });
BENCHMARK_CAPTURE(BM_SetUp, mc, LogDetMethod::kMonteCarlo)->Apply([](auto* b) { Sizes(b, false); });
BENCHMARK_CAPTURE(BM_SetUp, lanczos, LogDetMethod::kLanczos)->Apply([](auto* b) { Sizes(b, false); });
BENCHMARK_CAPTURE(BM_SetUp, interpolated, LogDetMethod::kInterpolated)->Apply([](auto* b) {
  Sizes(b, false);
  b->Iterations(1);  // 64 + 5 factorisations: at n = 10^6 minutes
});

BENCHMARK_CAPTURE(BM_Evaluate, eigen, LogDetMethod::kEigen)->Apply([](auto* b) { Sizes(b, true); });
BENCHMARK_CAPTURE(BM_Evaluate, cholesky, LogDetMethod::kCholesky)->Apply([](auto* b) { Sizes(b, false); });
BENCHMARK_CAPTURE(BM_Evaluate, lu, LogDetMethod::kLu)->Apply([](auto* b) { Sizes(b, false); });
BENCHMARK_CAPTURE(BM_Evaluate, chebyshev, LogDetMethod::kChebyshev)->Apply([](auto* b) { Sizes(b, false); });
BENCHMARK_CAPTURE(BM_Evaluate, mc, LogDetMethod::kMonteCarlo)->Apply([](auto* b) { Sizes(b, false); });
BENCHMARK_CAPTURE(BM_Evaluate, lanczos, LogDetMethod::kLanczos)->Apply([](auto* b) { Sizes(b, false); });
BENCHMARK_CAPTURE(BM_Evaluate, interpolated, LogDetMethod::kInterpolated)->Apply([](auto* b) {
  Sizes(b, false);
});

BENCHMARK_CAPTURE(BM_Smoke_SetUpAndEvaluate, eigen, LogDetMethod::kEigen);
BENCHMARK_CAPTURE(BM_Smoke_SetUpAndEvaluate, cholesky, LogDetMethod::kCholesky);
BENCHMARK_CAPTURE(BM_Smoke_SetUpAndEvaluate, lu, LogDetMethod::kLu);
BENCHMARK_CAPTURE(BM_Smoke_SetUpAndEvaluate, chebyshev, LogDetMethod::kChebyshev);
BENCHMARK_CAPTURE(BM_Smoke_SetUpAndEvaluate, mc, LogDetMethod::kMonteCarlo);
BENCHMARK_CAPTURE(BM_Smoke_SetUpAndEvaluate, lanczos, LogDetMethod::kLanczos);
BENCHMARK_CAPTURE(BM_Smoke_SetUpAndEvaluate, interpolated, LogDetMethod::kInterpolated);

BENCHMARK_CAPTURE(BM_NearestNeighboursLu, lu, LogDetMethod::kLu)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->Iterations(1);
BENCHMARK_CAPTURE(BM_NearestNeighboursLu, interpolated, LogDetMethod::kInterpolated)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->Iterations(1);

BENCHMARK(BM_BlockProduct)
    ->ArgNames({"side", "b", "blocked"})
    ->ArgsProduct({{100, 316}, {4, 8, 16, 32}, {0, 1}})
    ->Unit(benchmark::kMicrosecond);

BENCHMARK(BM_QueenExtremeEigenvalues)->Arg(100)->Arg(316)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace hinterland::engine

BENCHMARK_MAIN();
