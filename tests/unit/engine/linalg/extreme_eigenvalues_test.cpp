// Extreme eigenvalues of W against (a) R spatialreg 1.2-6 / spdep 1.2-7 on Columbus (eig_min, eig_max of
// tests/reference/data/columbus/columbus_spatialreg.json, script tests/reference/generators/
// reference_columbus.R), tolerance 1e-8 absolute; (b) dense Armadillo eig_gen on small W (test oracle),
// tolerance 1e-8; for Lanczos, Arnoldi and the exact structural shortcuts.
#include "engine/linalg/extreme_eigenvalues.hpp"

#include <gtest/gtest.h>

#include <armadillo>
#include <cmath>
#include <limits>

#include "engine/core/error.hpp"
#include "tests/support/expect_throw_mentioning.hpp"
#include "tests/support/reference.hpp"
#include "tests/support/test_weights.hpp"

namespace hinterland::engine {
namespace {

constexpr double kEigenvalueTolerance = 1e-8;  // the brief's tolerance for eig_min / eig_max

SpatialWeights Columbus(const std::string& variant) {
  const auto& reference = testing::LoadReference("columbus/columbus_spatialreg.json");
  return testing::FromNeighbourLists(
      reference.at(variant).at("weights").at("neighbours_1based").get<std::vector<std::vector<int>>>(),
      variant);
}

// Smallest and largest real part of the eigenvalues of W, from a dense decomposition (oracle, small n).
std::pair<double, double> DenseExtremes(const SpatialWeights& w) {
  const arma::vec real_parts = arma::real(arma::eig_gen(arma::mat(w.ToSparseMatrix())));
  return {real_parts.min(), real_parts.max()};
}

ExtremeEigenvalueOptions IterativeOnly() {
  ExtremeEigenvalueOptions options;
  options.dense_below_n = 0;
  options.use_structure = false;
  options.lanczos_tolerance = 1e-12;
  return options;
}

class ColumbusEigenvaluesTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ColumbusEigenvaluesTest, DenseRouteMatchesSpatialreg) {
  const auto& log_det =
      testing::LoadReference("columbus/columbus_spatialreg.json").at(GetParam()).at("log_det");
  const ExtremeEigenvalues eigenvalues = ComputeExtremeEigenvalues(Columbus(GetParam()));
  EXPECT_NEAR(eigenvalues.lambda_min, log_det.at("eig_min").get<double>(), kEigenvalueTolerance);
  EXPECT_NEAR(eigenvalues.lambda_max, log_det.at("eig_max").get<double>(), kEigenvalueTolerance);
  EXPECT_EQ(eigenvalues.spectrum, SpectrumKind::kReal);
  EXPECT_NE(eigenvalues.method.find("dense"), std::string::npos) << eigenvalues.method;
}

TEST_P(ColumbusEigenvaluesTest, LanczosRouteMatchesSpatialreg) {
  const auto& log_det =
      testing::LoadReference("columbus/columbus_spatialreg.json").at(GetParam()).at("log_det");
  const ExtremeEigenvalues eigenvalues = ComputeExtremeEigenvalues(Columbus(GetParam()), IterativeOnly());
  EXPECT_NEAR(eigenvalues.lambda_min, log_det.at("eig_min").get<double>(), kEigenvalueTolerance);
  EXPECT_NEAR(eigenvalues.lambda_max, log_det.at("eig_max").get<double>(), kEigenvalueTolerance);
  EXPECT_NE(eigenvalues.method.find("Lanczos"), std::string::npos) << eigenvalues.method;
}

TEST_P(ColumbusEigenvaluesTest, BoundsAreTheReciprocals) {
  const auto& log_det =
      testing::LoadReference("columbus/columbus_spatialreg.json").at(GetParam()).at("log_det");
  const RhoBounds bounds = BoundsFromEigenvalues(ComputeExtremeEigenvalues(Columbus(GetParam())));
  EXPECT_NEAR(bounds.lower, 1.0 / log_det.at("eig_min").get<double>(), 1e-7);
  EXPECT_NEAR(bounds.upper, 1.0 / log_det.at("eig_max").get<double>(), 1e-7);
  EXPECT_TRUE(bounds.Contains(0.0));
  EXPECT_FALSE(bounds.Contains(bounds.upper));  // open interval
  EXPECT_FALSE(bounds.Contains(bounds.lower));
}

INSTANTIATE_TEST_SUITE_P(Columbus,
                         ColumbusEigenvaluesTest,
                         ::testing::Values("columbus_gal", "columbus_old"),
                         [](const auto& param_info) { return param_info.param; });

TEST(ExtremeEigenvaluesTest, LanczosMatchesDenseOnRookAndQueenLattices) {
  for (const bool queen : {false, true}) {
    const SpatialWeights w = testing::Lattice(30, 30, queen);
    const auto [expected_min, expected_max] = DenseExtremes(w);
    const ExtremeEigenvalues eigenvalues = ComputeExtremeEigenvalues(w, IterativeOnly());
    EXPECT_NEAR(eigenvalues.lambda_min, expected_min, kEigenvalueTolerance) << (queen ? "queen" : "rook");
    EXPECT_NEAR(eigenvalues.lambda_max, expected_max, kEigenvalueTolerance) << (queen ? "queen" : "rook");
    EXPECT_EQ(eigenvalues.spectrum, SpectrumKind::kReal);
  }
}

TEST(ExtremeEigenvaluesTest, LanczosMatchesDenseOnBinarySymmetricWeights) {
  const SpatialWeights w = testing::Lattice(20, 25, true, WeightsStyle::kBinary);
  const auto [expected_min, expected_max] = DenseExtremes(w);
  const ExtremeEigenvalues eigenvalues = ComputeExtremeEigenvalues(w, IterativeOnly());
  EXPECT_NEAR(eigenvalues.lambda_min, expected_min, kEigenvalueTolerance * 8);  // binary queen: |lambda| <= 8
  EXPECT_NEAR(eigenvalues.lambda_max, expected_max, kEigenvalueTolerance * 8);
  EXPECT_NE(eigenvalues.method.find("on W"), std::string::npos) << eigenvalues.method;
}

TEST(ExtremeEigenvaluesTest, RowSumsAndBipartiteShortcutsAreExact) {
  // Rook lattices are bipartite and row-standardised rows sum to one: lambda = -1 and 1 without iterating.
  const SpatialWeights w = testing::RookLattice(25, 24);  // n = 600: above the dense threshold
  const auto [expected_min, expected_max] = DenseExtremes(w);
  const ExtremeEigenvalues eigenvalues = ComputeExtremeEigenvalues(w);
  EXPECT_NEAR(eigenvalues.lambda_min, expected_min, 1e-12);
  EXPECT_NEAR(eigenvalues.lambda_max, expected_max, 1e-12);
  EXPECT_NE(eigenvalues.method.find("bipartite"), std::string::npos) << eigenvalues.method;
  EXPECT_NE(eigenvalues.method.find("row sums"), std::string::npos) << eigenvalues.method;
  EXPECT_EQ(eigenvalues.error_estimate, 0.0);
}

TEST(ExtremeEigenvaluesTest, QueenLatticeUsesRowSumsAndLanczos) {
  const SpatialWeights w = testing::Lattice(25, 24, true);
  const auto [expected_min, expected_max] = DenseExtremes(w);
  const ExtremeEigenvalues eigenvalues = ComputeExtremeEigenvalues(w);
  EXPECT_NEAR(eigenvalues.lambda_min, expected_min, kEigenvalueTolerance);
  EXPECT_NEAR(eigenvalues.lambda_max, expected_max, 1e-12);
  EXPECT_NE(eigenvalues.method.find("lambda_min: Lanczos"), std::string::npos) << eigenvalues.method;
  EXPECT_GT(eigenvalues.error_estimate, 0.0);
}

TEST(ExtremeEigenvaluesTest, ArnoldiMatchesDenseOnAsymmetricNeighbours) {
  const SpatialWeights w = testing::KNearestNeighbours(700, 5, 17);
  const auto [expected_min, expected_max] = DenseExtremes(w);
  ExtremeEigenvalueOptions options;
  options.use_structure = false;  // make Arnoldi find lambda_max too
  const ExtremeEigenvalues eigenvalues = ComputeExtremeEigenvalues(w, options);
  EXPECT_NEAR(eigenvalues.lambda_min, expected_min, kEigenvalueTolerance);
  EXPECT_NEAR(eigenvalues.lambda_max, expected_max, kEigenvalueTolerance);
  EXPECT_NE(eigenvalues.method.find("Arnoldi"), std::string::npos) << eigenvalues.method;
  EXPECT_NE(eigenvalues.spectrum, SpectrumKind::kReal);  // only the ends were examined, or they are complex
}

TEST(ExtremeEigenvaluesTest, DenseGeneralRouteReportsAComplexSpectrum) {
  const SpatialWeights w = testing::KNearestNeighbours(120, 4, 3);
  const arma::cx_vec all = arma::eig_gen(arma::mat(w.ToSparseMatrix()));
  ASSERT_GT(arma::abs(arma::imag(all)).max(), 1e-3);  // the oracle sees complex pairs
  const ExtremeEigenvalues eigenvalues = ComputeExtremeEigenvalues(w);
  EXPECT_EQ(eigenvalues.spectrum, SpectrumKind::kComplex);
  EXPECT_NEAR(eigenvalues.lambda_min, arma::real(all).min(), kEigenvalueTolerance);
  EXPECT_NEAR(eigenvalues.lambda_max, arma::real(all).max(), kEigenvalueTolerance);
}

TEST(ExtremeEigenvaluesTest, WeightsWithoutLinksHaveZeroSpectrumAndUnboundedRho) {
  const SpatialWeights w({"a", "b", "c"}, {0, 0, 0, 0}, {}, {}, WeightsStyle::kBinary);
  const ExtremeEigenvalues eigenvalues = ComputeExtremeEigenvalues(w);
  EXPECT_EQ(eigenvalues.lambda_min, 0.0);
  EXPECT_EQ(eigenvalues.lambda_max, 0.0);
  const RhoBounds bounds = BoundsFromEigenvalues(eigenvalues);
  EXPECT_EQ(bounds.lower, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(bounds.upper, std::numeric_limits<double>::infinity());
}

TEST(ExtremeEigenvaluesTest, EmptyWeightsAreAWeightsError) {
  const SpatialWeights w({}, {0}, {}, {}, WeightsStyle::kBinary, "empty.gal");
  EXPECT_THROW_MENTIONING(WeightsError, ComputeExtremeEigenvalues(w), {"empty.gal"});
}

}  // namespace
}  // namespace hinterland::engine
