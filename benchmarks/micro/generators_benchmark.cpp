// Simulation at scale: a SAR cross-section on a 1000 x 1000 rook lattice (n = 10^6, row-standardised W,
// rho = 0.5, fixed-point solve to 1e-13) and the lattice design alone; BM_Smoke_* repeat both at n = 400
// (20 x 20) for the ctest smoke run. Counters: units, solver iterations and the process's peak resident set
// size (getrusage ru_maxrss, MiB); run one benchmark per process (--benchmark_filter) to isolate the peak.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "datasets/generators/spatial_design.hpp"
#include "datasets/generators/spatial_dgp.hpp"

namespace hinterland::generators {
namespace {

double PeakResidentMebibytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // KiB on Linux
}

DesignSpec RookLattice(std::int64_t side) {
  DesignSpec spec;
  spec.kind = DesignKind::kLattice;
  spec.rows = side;
  spec.columns = side;
  spec.contiguity = engine::Contiguity::kRook;
  return spec;
}

// Argument: lattice side.
void RunLatticeDesign(benchmark::State& state) {
  const DesignSpec spec = RookLattice(state.range(0));
  std::int64_t units = 0;
  for (auto _ : state) {
    const SpatialDesign design = BuildSpatialDesign(spec, 42);
    units = design.w.n();
    benchmark::DoNotOptimize(design.w.LinkCount());
  }
  state.counters["units"] = static_cast<double>(units);
  state.counters["peak_rss_MiB"] = PeakResidentMebibytes();
}

// Argument: lattice side. The design is built once, outside the timing.
void RunSarSimulation(benchmark::State& state) {
  const SpatialDesign design = BuildSpatialDesign(RookLattice(state.range(0)), 42);
  DgpParameters parameters;
  parameters.model = SpatialModel::kSar;
  parameters.rho = 0.5;
  parameters.beta = {1.0, 2.0, -1.0};
  std::int64_t iterations = 0;
  for (auto _ : state) {
    const SimulatedData data = SimulateSpatialData(design.w, parameters, PanelSpec{}, 42);
    iterations = data.solver_iterations;
    benchmark::DoNotOptimize(data.y.memptr());
  }
  state.counters["units"] = static_cast<double>(design.w.n());
  state.counters["solver_iterations"] = static_cast<double>(iterations);
  state.counters["peak_rss_MiB"] = PeakResidentMebibytes();
}

BENCHMARK(RunLatticeDesign)->Name("BM_LatticeDesign_Rook_1e6")->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(RunSarSimulation)
    ->Name("BM_SarSimulation_RookLattice_1e6")
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(RunLatticeDesign)->Name("BM_Smoke_LatticeDesign_Rook")->Arg(20)->Unit(benchmark::kMillisecond);
BENCHMARK(RunSarSimulation)
    ->Name("BM_Smoke_SarSimulation_RookLattice")
    ->Arg(20)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hinterland::generators

BENCHMARK_MAIN();
