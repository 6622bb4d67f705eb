// Accuracy per second of the approximate log-determinants (chebyshev, mc, lanczos): for each back-end and
// setting, the CPU seconds of the one-off set-up (CreateLogDeterminant, extreme eigenvalues included) and
// the largest relative error of log|I - rho W| against cholesky over a rho grid of fractions -0.9 .. 0.95 of
// the interval every back-end accepts ((1/lambda_min, 1/lambda_max) cut to mc's (-1/r, 1/r)). Row-
// standardised rook and queen lattices of n = 10^4 and ~10^5 (sides 100 and 316). Each case sets up three
// seeds; the counters are the mean set-up CPU seconds (process CPU), the median and the worst over seeds of
// the largest error on the grid, and (median over seeds) the back-end's ErrorEstimate over the observed
// error at the rho of the largest error (>= 1: the estimate covers it). Per-rho evaluation costs
// microseconds for every approximate back-end (logdet_benchmark), so the set-up is the cost that matters.
// *_lanczos_blocks vary only the block size. Run with --benchmark_counters_tabular=true; BM_Smoke_* (a
// 20 x 20 lattice) is the ctest smoke.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

#include "engine/logdet/log_determinant.hpp"
#include "tests/support/test_weights.hpp"

namespace hinterland::engine {
namespace {

constexpr double kFractions[] = {-0.9, -0.7, -0.5, -0.3, -0.1, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95};
constexpr std::uint64_t kSeeds[] = {20240601, 7, 1234567};

const SpatialWeights& Lattice(std::int64_t side, bool queen) {
  static std::map<std::pair<std::int64_t, bool>, SpatialWeights> lattices;
  auto found = lattices.find({side, queen});
  if (found == lattices.end()) {
    found = lattices.emplace(std::make_pair(side, queen), testing::Lattice(side, side, queen)).first;
  }
  return found->second;
}

// The rho grid and cholesky's log|I - rho W| on it, computed once per lattice.
struct Reference {
  std::vector<double> rho;
  std::vector<double> value;
  double eigenvalue_seconds = 0.0;  // CPU seconds of the extreme eigenvalues alone
};

double CpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

const Reference& ReferenceFor(std::int64_t side, bool queen) {
  static std::map<std::pair<std::int64_t, bool>, Reference> references;
  auto found = references.find({side, queen});
  if (found != references.end()) return found->second;
  const SpatialWeights& w = Lattice(side, queen);
  Reference reference;
  const double start = CpuSeconds();
  const ExtremeEigenvalues eigenvalues = ComputeExtremeEigenvalues(w);
  reference.eigenvalue_seconds = CpuSeconds() - start;
  LogDetOptions options;
  options.method = LogDetMethod::kCholesky;
  const auto cholesky = CreateLogDeterminant(w, options);
  const double radius = std::max(std::fabs(eigenvalues.lambda_min), std::fabs(eigenvalues.lambda_max));
  const double lower = std::max(cholesky->Bounds().lower, -1.0 / radius);
  const double upper = std::min(cholesky->Bounds().upper, 1.0 / radius);
  for (const double fraction : kFractions) {
    const double rho = fraction < 0 ? -fraction * lower : fraction * upper;
    reference.rho.push_back(rho);
    reference.value.push_back(cholesky->Evaluate(rho));
  }
  return references.emplace(std::make_pair(side, queen), std::move(reference)).first->second;
}

// state.range: 0 side, 1 probes, 2 order (chebyshev order, mc order, lanczos steps), 3 exact trace order,
// 4 lanczos block size.
LogDetOptions OptionsFor(LogDetMethod method, const benchmark::State& state, std::uint64_t seed) {
  LogDetOptions options;
  options.method = method;
  options.seed = seed;
  options.mc_probes = static_cast<int>(state.range(1));
  options.lanczos_probes = static_cast<int>(state.range(1));
  if (method == LogDetMethod::kChebyshev) options.chebyshev_order = static_cast<int>(state.range(2));
  if (method == LogDetMethod::kMonteCarlo) options.mc_order = static_cast<int>(state.range(2));
  if (method == LogDetMethod::kLanczos) options.lanczos_steps = static_cast<int>(state.range(2));
  options.exact_trace_order = static_cast<int>(state.range(3));
  options.lanczos_block_size = static_cast<int>(state.range(4));
  return options;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

void BM_Accuracy(benchmark::State& state, LogDetMethod method, bool queen) {
  const std::int64_t side = state.range(0);
  const SpatialWeights& w = Lattice(side, queen);
  const Reference& reference = ReferenceFor(side, queen);  // outside the timing
  std::vector<std::unique_ptr<LogDeterminant>> back_ends;
  double cpu = 0.0;
  for (auto _ : state) {
    back_ends.clear();
    cpu = 0.0;
    for (const std::uint64_t seed : kSeeds) {
      const double start = CpuSeconds();
      back_ends.push_back(CreateLogDeterminant(w, OptionsFor(method, state, seed)));
      cpu += CpuSeconds() - start;
    }
  }
  std::vector<double> worst_per_seed;
  std::vector<double> estimate_ratios;  // ErrorEstimate / |error| where the relative error is largest
  for (const auto& log_det : back_ends) {
    double worst = -1.0;
    double ratio = 0.0;
    for (std::size_t g = 0; g < reference.rho.size(); ++g) {
      const double error = std::fabs(log_det->Evaluate(reference.rho[g]) - reference.value[g]);
      if (error / std::fabs(reference.value[g]) > worst) {
        worst = error / std::fabs(reference.value[g]);
        ratio = log_det->ErrorEstimate(reference.rho[g]) / std::max(error, 1e-300);
      }
    }
    worst_per_seed.push_back(worst);
    estimate_ratios.push_back(ratio);
  }
  state.counters["n"] = static_cast<double>(w.n());
  state.counters["setup_cpu_s"] = cpu / static_cast<double>(std::size(kSeeds));
  state.counters["eigen_cpu_s"] = reference.eigenvalue_seconds;
  state.counters["max_rel_err_median"] = Median(worst_per_seed);
  state.counters["max_rel_err_worst"] = *std::max_element(worst_per_seed.begin(), worst_per_seed.end());
  state.counters["estimate_at_worst"] = Median(estimate_ratios);
  state.SetLabel(back_ends.front()->Describe().substr(0, 100));
}

void BM_Smoke_Accuracy(benchmark::State& state, LogDetMethod method) {
  for (auto _ : state) {
    LogDetOptions options;
    options.method = method;
    const auto log_det = CreateLogDeterminant(Lattice(20, false), options);
    benchmark::DoNotOptimize(log_det->Evaluate(0.5));
  }
}

// Settings {side, probes, order or steps, exact trace order, block}, on sides 100 and 316.
constexpr int kBlock = LogDetOptions{}.lanczos_block_size;

void Chebyshev(benchmark::internal::Benchmark* benchmark) {
  for (const int side : {100, 316}) {
    for (const int probes : {16, 64, 256}) benchmark->Args({side, probes, 30, 8, kBlock});
    for (const int probes : {16, 64}) benchmark->Args({side, probes, 30, 16, kBlock});
  }
}
void MonteCarlo(benchmark::internal::Benchmark* benchmark) {
  for (const int side : {100, 316}) {
    for (const int probes : {16, 64, 256}) benchmark->Args({side, probes, 100, 8, kBlock});
    for (const int probes : {16, 64}) benchmark->Args({side, probes, 100, 16, kBlock});
  }
}
void Lanczos(benchmark::internal::Benchmark* benchmark) {
  for (const int side : {100, 316}) {
    for (const int probes : {16, 64, 256}) {
      for (const int steps : {10, 20, 30, 50}) benchmark->Args({side, probes, steps, 8, kBlock});
    }
    for (const int probes : {16, 64}) benchmark->Args({side, probes, 30, 16, kBlock});
  }
}
// The block size alone: the same probes and steps, batched 1, 4, ..., 32 at a time.
void LanczosBlocks(benchmark::internal::Benchmark* benchmark) {
  for (const int side : {100, 316}) {
    for (const int block : {1, 4, 8, 16, 32}) benchmark->Args({side, 64, 30, 8, block});
  }
}

void Common(benchmark::internal::Benchmark* benchmark) {
  benchmark->ArgNames({"side", "probes", "order", "exact", "block"})->Iterations(1)->Unit(benchmark::kSecond);
}

BENCHMARK_CAPTURE(BM_Accuracy, rook_chebyshev, LogDetMethod::kChebyshev, false)
    ->Apply(Chebyshev)
    ->Apply(Common);
BENCHMARK_CAPTURE(BM_Accuracy, rook_mc, LogDetMethod::kMonteCarlo, false)->Apply(MonteCarlo)->Apply(Common);
BENCHMARK_CAPTURE(BM_Accuracy, rook_lanczos, LogDetMethod::kLanczos, false)->Apply(Lanczos)->Apply(Common);
BENCHMARK_CAPTURE(BM_Accuracy, rook_lanczos_blocks, LogDetMethod::kLanczos, false)
    ->Apply(LanczosBlocks)
    ->Apply(Common);
BENCHMARK_CAPTURE(BM_Accuracy, queen_lanczos_blocks, LogDetMethod::kLanczos, true)
    ->Apply(LanczosBlocks)
    ->Apply(Common);
BENCHMARK_CAPTURE(BM_Accuracy, queen_chebyshev, LogDetMethod::kChebyshev, true)
    ->Apply(Chebyshev)
    ->Apply(Common);
BENCHMARK_CAPTURE(BM_Accuracy, queen_mc, LogDetMethod::kMonteCarlo, true)->Apply(MonteCarlo)->Apply(Common);
BENCHMARK_CAPTURE(BM_Accuracy, queen_lanczos, LogDetMethod::kLanczos, true)->Apply(Lanczos)->Apply(Common);

BENCHMARK_CAPTURE(BM_Smoke_Accuracy, chebyshev, LogDetMethod::kChebyshev);
BENCHMARK_CAPTURE(BM_Smoke_Accuracy, mc, LogDetMethod::kMonteCarlo);
BENCHMARK_CAPTURE(BM_Smoke_Accuracy, lanczos, LogDetMethod::kLanczos);

}  // namespace
}  // namespace hinterland::engine

BENCHMARK_MAIN();
