// A summary of spatial weights as spdep's summary.nb / print.nb and summary.listw report it: counts,
// the link-number distribution, least and most connected units, islands, connected components, symmetry,
// and the weights constants S0, S1, S2 of spweights.constants (Cliff and Ord 1981, ch. 1). O(n + links log
// d).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/weights/spatial_weights.hpp"

namespace hinterland::engine {

struct WeightsSummary {
  std::int64_t n = 0;               // units
  std::int64_t links = 0;           // nonzero links (directed)
  double percent_nonzero = 0.0;     // 100 links / n^2
  double mean_neighbours = 0.0;     // links / n
  std::int64_t min_neighbours = 0;  // over all units (0 with islands)
  std::int64_t max_neighbours = 0;
  std::map<std::int64_t, std::int64_t> histogram;  // neighbour count -> number of units
  std::int64_t least_connected_links = 0;          // smallest nonzero neighbour count (spdep)
  std::vector<std::string> least_connected_ids;    // units with that count, in unit order
  std::int64_t most_connected_links = 0;
  std::vector<std::string> most_connected_ids;
  std::vector<std::string> islands;           // units without neighbours, in unit order
  std::int64_t component_count = 0;           // connected components of the undirected graph
  std::vector<std::int64_t> component_sizes;  // largest first
  bool symmetric_neighbours = false;          // i ~ j  <=>  j ~ i (spdep is.symmetric.nb)
  bool symmetric = false;                     // w_ij == w_ji (values too)
  bool similar_to_symmetric = false;          // W = D^-1 A with A symmetric
  WeightsStyle style = WeightsStyle::kBinary;
  // spweights.constants (adjust.n = TRUE): n excludes islands; S0 = sum w_ij,
  // S1 = 1/2 sum (w_ij + w_ji)^2, S2 = sum_i (w_i. + w_.i)^2.
  double constants_n = 0.0;
  double s0 = 0.0;
  double s1 = 0.0;
  double s2 = 0.0;
};

WeightsSummary Summarise(const SpatialWeights& w);

// The weights constants of Cliff and Ord (1981, ch. 1), as spdep's spweights.constants (adjust.n = TRUE)
// computes them: the one place they are computed (the summary, Moran's I and the LM tests use them).
struct WeightsConstants {
  double units_with_neighbours = 0.0;  // n less the islands
  double s0 = 0.0;                     // sum_ij w_ij
  double s1 = 0.0;                     // (1/2) sum_ij (w_ij + w_ji)^2 = tr(W'W + W W)
  double s2 = 0.0;                     // sum_i (w_i. + w_.i)^2
  double trace_ww = 0.0;               // tr(W W) = sum_ij w_ij w_ji
  double trace_wtw = 0.0;              // tr(W'W) = sum_ij w_ij^2 (s1 = the two, summed link by link)
};
WeightsConstants ComputeWeightsConstants(const SpatialWeights& w);

// W's row sums, read the three ways the engine uses them. "Constant row sums" means two different facts
// (review D5), so each has its own field rather than one function with two readings:
struct WeightsRowSums {
  // c when every row, islands included, sums to c (relative 1e-12): then W 1 = c 1 exactly, so
  // (I - rho W)^-1 1 = 1 / (1 - rho c) 1 (the impacts' totals) and, W non-negative, every |lambda| <= c.
  std::optional<double> common;
  // c when every row with neighbours sums to c and no link points to a row without: then W 1 = c 1 on the
  // units with neighbours, and c is the Perron root lambda_max (an island adds only the eigenvalue 0).
  std::optional<double> perron_root;
  // max_i sum_j |w_ij| and max_j sum_i |w_ij|: each bounds the spectral radius.
  double max_abs_row_sum = 0.0;
  double max_abs_column_sum = 0.0;
};
WeightsRowSums ComputeRowSums(const SpatialWeights& w);

// The text of spdep's print(summary(nb)) followed by the components line and the weights constants
// table of summary(listw). Numbers are formatted as R prints them (7 significant digits); id lists
// longer than 50 ids are cut with "... and N more".
std::string FormatWeightsSummary(const WeightsSummary& summary);

// A number as R's print/cat shows it with 7 significant digits (fixed or scientific, whichever is
// narrower), e.g. 9.579342, 1e+06, 0.0003996.
std::string FormatAsR(double value);

}  // namespace hinterland::engine
