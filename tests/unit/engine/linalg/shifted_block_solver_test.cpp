// ShiftedBlockSolver against a dense solve of (I - rho W) X = B (the oracle, small n), for every route, both
// orientations, W symmetric, similar to symmetric (row-standardised lattice) and general (kNN), rho of
// either sign and near a bound. Tolerance: 1e-8 relative to max |X| (the iterative routes stop at a
// relative residual of 1e-10; the condition numbers here are below 100).
#include "engine/linalg/shifted_block_solver.hpp"

#include <gtest/gtest.h>

#include <optional>

#include "engine/core/error.hpp"
#include "tests/support/test_weights.hpp"

namespace hinterland::engine {
namespace {

arma::mat DenseSolve(const SpatialWeights& w, double rho, const arma::mat& b, bool transposed) {
  arma::mat filter = -rho * arma::mat(w.ToSparseMatrix());
  filter.diag() += 1.0;
  return arma::solve(transposed ? arma::mat(filter.t()) : filter, b);
}

void ExpectSolves(const SpatialWeights& w, double rho, ShiftedSolverKind kind) {
  const std::optional<SymmetricForm> symmetric = FindSymmetricForm(w);
  ShiftedBlockSolverOptions options;
  options.kind = kind;
  const ShiftedBlockSolver solver(w, symmetric ? &*symmetric : nullptr, rho, options);
  EXPECT_EQ(solver.Kind(), kind);
  arma::arma_rng::set_seed(3);
  const arma::mat b = arma::randn<arma::mat>(static_cast<arma::uword>(w.n()), 5);
  for (const bool transposed : {false, true}) {
    const arma::mat expected = DenseSolve(w, rho, b, transposed);
    const arma::mat x = solver.Solve(b, transposed);
    EXPECT_LT(arma::abs(x - expected).max(), 1e-8 * arma::abs(expected).max())
        << ToString(kind) << " rho " << rho << (transposed ? " transposed" : "") << ": " << solver.Describe();
  }
}

TEST(ShiftedBlockSolverTest, EveryRouteMatchesADenseSolveOnARowStandardisedLattice) {
  const SpatialWeights w = testing::RookLattice(13, 11);  // similar to symmetric, not symmetric
  for (const double rho : {-0.8, 0.3, 0.97}) {
    for (const ShiftedSolverKind kind :
         {ShiftedSolverKind::kCholesky, ShiftedSolverKind::kLu, ShiftedSolverKind::kIterative}) {
      ExpectSolves(w, rho, kind);
    }
  }
}

TEST(ShiftedBlockSolverTest, SymmetricWeightsNeedNoScaling) {
  const SpatialWeights w = testing::Lattice(9, 9, true, WeightsStyle::kBinary);  // lambda_max < 8
  for (const ShiftedSolverKind kind : {ShiftedSolverKind::kCholesky, ShiftedSolverKind::kIterative}) {
    ExpectSolves(w, 0.1, kind);
  }
}

TEST(ShiftedBlockSolverTest, GeneralWeightsUseLuOrBiCgStab) {
  const SpatialWeights w = testing::KNearestNeighbours(150, 5, 11);
  for (const double rho : {-0.6, 0.5, 0.95}) {
    ExpectSolves(w, rho, ShiftedSolverKind::kLu);
    ExpectSolves(w, rho, ShiftedSolverKind::kIterative);
  }
  EXPECT_THROW(ShiftedBlockSolver(w, nullptr, 0.5, {ShiftedSolverKind::kCholesky}), OptionError);
}

TEST(ShiftedBlockSolverTest, ManyColumnsAreSolvedInChunks) {
  const SpatialWeights w = testing::RookLattice(20, 20);
  const std::optional<SymmetricForm> symmetric = FindSymmetricForm(w);
  ShiftedBlockSolverOptions options;
  options.kind = ShiftedSolverKind::kIterative;
  options.iterative_workspace_bytes = 3 * 8.0 * 400 * 4;  // 3 columns at a time
  const ShiftedBlockSolver solver(w, &*symmetric, 0.6, options);
  arma::arma_rng::set_seed(4);
  const arma::mat b = arma::randn<arma::mat>(400, 7);
  EXPECT_LT(arma::abs(solver.Solve(b) - DenseSolve(w, 0.6, b, false)).max(), 1e-9);
}

TEST(ShiftedBlockSolverTest, AutoIsIterativeAtModerateRhoAndDirectNearTheBound) {
  const SpatialWeights w = testing::RookLattice(10, 10);
  const std::optional<SymmetricForm> symmetric = FindSymmetricForm(w);
  std::string reason;
  EXPECT_EQ(ChooseShiftedSolver(w, &*symmetric, 0.5, {}, &reason), ShiftedSolverKind::kIterative);
  EXPECT_NE(reason.find("0.5"), std::string::npos) << reason;
  EXPECT_EQ(ChooseShiftedSolver(w, &*symmetric, 0.999, {}, &reason), ShiftedSolverKind::kCholesky);
  EXPECT_EQ(ChooseShiftedSolver(w, nullptr, -0.999, {}, &reason), ShiftedSolverKind::kLu);
}

TEST(ShiftedBlockSolverTest, SingularOrIndefiniteIsANumericalError) {
  const SpatialWeights w = testing::RookLattice(6, 6);
  const std::optional<SymmetricForm> symmetric = FindSymmetricForm(w);
  // rho = 1.2 > 1/lambda_max = 1: I - rho S is indefinite, which the Cholesky route must refuse.
  EXPECT_THROW(ShiftedBlockSolver(w, &*symmetric, 1.2, {ShiftedSolverKind::kCholesky}), NumericalError);
  // rho = 1 = 1/lambda_max: I - rho W is singular; a generic right-hand side has no solution.
  EXPECT_THROW(ShiftedBlockSolver(w, &*symmetric, 1.0, {ShiftedSolverKind::kCholesky}), NumericalError);
  EXPECT_THROW(ShiftedBlockSolver(w, nullptr, 1.0, {ShiftedSolverKind::kLu}), NumericalError);
  ShiftedBlockSolverOptions options;
  options.kind = ShiftedSolverKind::kIterative;
  options.max_iterations = 200;
  arma::arma_rng::set_seed(5);
  const arma::mat b = arma::randn<arma::mat>(36, 2);
  EXPECT_THROW(ShiftedBlockSolver(w, &*symmetric, 1.0, options).Solve(b), NumericalError);
  EXPECT_THROW(ShiftedBlockSolver(w, nullptr, 1.0, options).Solve(b), NumericalError);
}

}  // namespace
}  // namespace hinterland::engine
