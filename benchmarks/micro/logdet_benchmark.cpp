// Log-determinant back-ends on row-standardised rook lattices of n = 10^3 .. 10^6 (sides 32, 100, 316, 1000):
// the one-off set-up (CreateLogDeterminant: eigenvalues, symbolic analysis, traces) and one evaluation of
// log|I - rho W| at rho = 0.5. eigen (dense, O(n^3)) runs only to n = 10^4. BM_Smoke_* (n = 400) are what
// the bench_smoke ctest runs. Extreme eigenvalues on queen lattices show the Lanczos cost where no exact
// shortcut applies (rook lattices are bipartite with unit row sums: their ends are exact).
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <utility>

#include "engine/linalg/extreme_eigenvalues.hpp"
#include "engine/logdet/log_determinant.hpp"
#include "tests/unit/engine/linalg/test_weights.hpp"

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

void Sizes(benchmark::internal::Benchmark* benchmark, bool dense) {
  benchmark->Arg(32)->Arg(100);
  if (!dense) benchmark->Arg(316)->Arg(1000);
  benchmark->Unit(benchmark::kMillisecond);
}

BENCHMARK_CAPTURE(BM_SetUp, eigen, LogDetMethod::kEigen)->Apply([](auto* b) { Sizes(b, true); });
BENCHMARK_CAPTURE(BM_SetUp, cholesky, LogDetMethod::kCholesky)->Apply([](auto* b) { Sizes(b, false); });
BENCHMARK_CAPTURE(BM_SetUp, lu, LogDetMethod::kLu)->Apply([](auto* b) { Sizes(b, false); });
BENCHMARK_CAPTURE(BM_SetUp, chebyshev, LogDetMethod::kChebyshev)->Apply([](auto* b) { Sizes(b, false); });
BENCHMARK_CAPTURE(BM_SetUp, mc, LogDetMethod::kMonteCarlo)->Apply([](auto* b) { Sizes(b, false); });

BENCHMARK_CAPTURE(BM_Evaluate, eigen, LogDetMethod::kEigen)->Apply([](auto* b) { Sizes(b, true); });
BENCHMARK_CAPTURE(BM_Evaluate, cholesky, LogDetMethod::kCholesky)->Apply([](auto* b) { Sizes(b, false); });
BENCHMARK_CAPTURE(BM_Evaluate, lu, LogDetMethod::kLu)->Apply([](auto* b) { Sizes(b, false); });
BENCHMARK_CAPTURE(BM_Evaluate, chebyshev, LogDetMethod::kChebyshev)->Apply([](auto* b) { Sizes(b, false); });
BENCHMARK_CAPTURE(BM_Evaluate, mc, LogDetMethod::kMonteCarlo)->Apply([](auto* b) { Sizes(b, false); });

BENCHMARK_CAPTURE(BM_Smoke_SetUpAndEvaluate, eigen, LogDetMethod::kEigen);
BENCHMARK_CAPTURE(BM_Smoke_SetUpAndEvaluate, cholesky, LogDetMethod::kCholesky);
BENCHMARK_CAPTURE(BM_Smoke_SetUpAndEvaluate, lu, LogDetMethod::kLu);
BENCHMARK_CAPTURE(BM_Smoke_SetUpAndEvaluate, chebyshev, LogDetMethod::kChebyshev);
BENCHMARK_CAPTURE(BM_Smoke_SetUpAndEvaluate, mc, LogDetMethod::kMonteCarlo);

BENCHMARK(BM_QueenExtremeEigenvalues)->Arg(100)->Arg(316)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace hinterland::engine

BENCHMARK_MAIN();
