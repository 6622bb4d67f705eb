// ShiftedBlockSolver routes (engine/linalg/shifted_block_solver.hpp) on the designs of the whole-fit
// benchmarks: row-standardised rook lattices and k = 8 nearest neighbours of seeded uniform points, n = 10^4
// .. 10^6. One iteration = set-up at rho (a factorisation for cholesky and lu) plus (I - rho W)^-1 B and
// (I - rho W')^-1 B for one block B of 16 columns: the work of 16 Hutchinson probes of the covariance
// traces. Peak RSS of the process is reported as a counter (it only grows, so run one case per process for
// the memory of that case: --benchmark_filter). BM_Smoke_* (n = 400) are what the bench_smoke ctest runs.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "datasets/generators/spatial_design.hpp"
#include "engine/linalg/shifted_block_solver.hpp"
#include "engine/linalg/symmetric_form.hpp"

namespace hinterland::engine {
namespace {

enum class Design { kRook, kKnn };

struct Graph {
  SpatialWeights w;
  std::optional<SymmetricForm> symmetric;
};

const Graph& GetGraph(Design design, std::int64_t n) {
  static std::map<std::pair<Design, std::int64_t>, Graph> graphs;
  auto found = graphs.find({design, n});
  if (found != graphs.end()) return found->second;
  generators::DesignSpec spec;
  if (design == Design::kRook) {
    spec.kind = generators::DesignKind::kLattice;
    std::int64_t side = 1;
    while ((side + 1) * (side + 1) <= n) ++side;
    spec.rows = spec.columns = side;
  } else {
    spec.kind = generators::DesignKind::kPoints;
    spec.points = n;
    spec.k = 8;
  }
  SpatialWeights w = generators::BuildSpatialDesign(spec, 7).w;
  std::optional<SymmetricForm> symmetric = FindSymmetricForm(w);
  return graphs.emplace(std::make_pair(design, n), Graph{std::move(w), std::move(symmetric)}).first->second;
}

double PeakRssMib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void BM_SetUpAndSolveBlock(benchmark::State& state, Design design, ShiftedSolverKind kind) {
  const std::int64_t n = state.range(0);
  const double rho = static_cast<double>(state.range(1)) / 100.0;
  const Graph& graph = GetGraph(design, n);
  if (kind == ShiftedSolverKind::kCholesky && !graph.symmetric) {
    state.SkipWithError("cholesky needs W similar to symmetric");
    return;
  }
  arma::arma_rng::set_seed(1);
  const arma::mat b = arma::sign(arma::randn<arma::mat>(static_cast<arma::uword>(graph.w.n()), 16));
  ShiftedBlockSolverOptions options;
  options.kind = kind;
  std::string described;
  for (auto _ : state) {
    const ShiftedBlockSolver solver(graph.w, graph.symmetric ? &*graph.symmetric : nullptr, rho, options);
    arma::mat x = solver.Solve(b);
    arma::mat y = solver.Solve(b, true);
    benchmark::DoNotOptimize(x.memptr());
    benchmark::DoNotOptimize(y.memptr());
    described = solver.Describe();
  }
  state.counters["n"] = static_cast<double>(graph.w.n());
  state.counters["peak_rss_mib"] = PeakRssMib();
  state.SetLabel(described.substr(0, 140));
}

void Cases(benchmark::internal::Benchmark* benchmark, bool direct) {
  for (const int rho : {50, 90}) {
    benchmark->Args({10000, rho})->Args({100000, rho});
    if (!direct) benchmark->Args({1000000, rho});
  }
  benchmark->Unit(benchmark::kMillisecond)->Iterations(1);
}

BENCHMARK_CAPTURE(BM_SetUpAndSolveBlock, rook_cholesky, Design::kRook, ShiftedSolverKind::kCholesky)
    ->Apply([](auto* b) { Cases(b, false); });
BENCHMARK_CAPTURE(BM_SetUpAndSolveBlock, rook_iterative, Design::kRook, ShiftedSolverKind::kIterative)
    ->Apply([](auto* b) { Cases(b, false); });
BENCHMARK_CAPTURE(BM_SetUpAndSolveBlock, rook_lu, Design::kRook, ShiftedSolverKind::kLu)->Apply([](auto* b) {
  Cases(b, true);
});
BENCHMARK_CAPTURE(BM_SetUpAndSolveBlock, knn_iterative, Design::kKnn, ShiftedSolverKind::kIterative)
    ->Apply([](auto* b) { Cases(b, false); });
BENCHMARK_CAPTURE(BM_SetUpAndSolveBlock, knn_lu, Design::kKnn, ShiftedSolverKind::kLu)->Apply([](auto* b) {
  Cases(b, true);
});

void BM_Smoke_SetUpAndSolveBlock(benchmark::State& state, Design design, ShiftedSolverKind kind) {
  const Graph& graph = GetGraph(design, 400);
  const arma::mat b(400, 4, arma::fill::ones);
  ShiftedBlockSolverOptions options;
  options.kind = kind;
  for (auto _ : state) {
    const ShiftedBlockSolver solver(graph.w, graph.symmetric ? &*graph.symmetric : nullptr, 0.5, options);
    benchmark::DoNotOptimize(solver.Solve(b).memptr());
  }
}

BENCHMARK_CAPTURE(BM_Smoke_SetUpAndSolveBlock, rook_cholesky, Design::kRook, ShiftedSolverKind::kCholesky);
BENCHMARK_CAPTURE(BM_Smoke_SetUpAndSolveBlock, rook_iterative, Design::kRook, ShiftedSolverKind::kIterative);
BENCHMARK_CAPTURE(BM_Smoke_SetUpAndSolveBlock, knn_iterative, Design::kKnn, ShiftedSolverKind::kIterative);
BENCHMARK_CAPTURE(BM_Smoke_SetUpAndSolveBlock, knn_lu, Design::kKnn, ShiftedSolverKind::kLu);

}  // namespace
}  // namespace hinterland::engine

BENCHMARK_MAIN();
