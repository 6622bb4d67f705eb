// ShiftedFactorization (the one factorisation of I - rho W) against dense Armadillo oracles on small W:
// log|I - rho W| against arma::log_det and solves against arma::solve for both algorithms (cholesky on
// CHOLMOD, lu on UMFPACK), refactorisation at a second rho on the cached symbolic analysis, the one set of
// singularity checks (NumericalError naming rho), cholesky refused for W not similar to symmetric, and the
// single-threaded scope restoring OpenBLAS's and OpenMP's settings. Tolerances: 1e-10 relative (the
// matrices here have condition numbers below 10^4; the factorisations are backward stable).
#include "engine/linalg/shifted_factorization.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <string>

#include "engine/core/error.hpp"
#include "tests/support/expect_throw_mentioning.hpp"
#include "tests/support/test_weights.hpp"

extern "C" {
int openblas_get_num_threads(void);
void openblas_set_num_threads(int threads);
}

namespace hinterland::engine {
namespace {

constexpr FactorizationAlgorithm kBothAlgorithms[] = {FactorizationAlgorithm::kCholesky,
                                                      FactorizationAlgorithm::kLu};

arma::mat DenseShifted(const SpatialWeights& w, double rho) {
  arma::mat shifted = -rho * arma::mat(w.ToSparseMatrix());
  shifted.diag() += 1.0;
  return shifted;
}

// log|det(I - rho W)|, and its sign through `sign`.
double DenseLogDeterminant(const SpatialWeights& w, double rho, double* sign) {
  double value = 0.0;
  EXPECT_TRUE(arma::log_det(value, *sign, DenseShifted(w, rho)));
  return value;
}

std::unique_ptr<ShiftedFactorization> Create(FactorizationAlgorithm algorithm,
                                             const SpatialWeights& w,
                                             const std::optional<SymmetricForm>& symmetric) {
  return ShiftedFactorization::Create(algorithm, DefaultLibrary(algorithm), &w,
                                      symmetric ? &*symmetric : nullptr);
}

void ExpectLogDeterminant(const ShiftedFactorization& factorization, const SpatialWeights& w, double rho) {
  double sign = 0.0;
  const double expected = DenseLogDeterminant(w, rho, &sign);
  ASSERT_GT(sign, 0.0);
  EXPECT_NEAR(factorization.LogDeterminant(), expected, 1e-10 * std::max(1.0, std::fabs(expected)))
      << factorization.Describe() << " at rho " << rho;
}

void ExpectSolves(const ShiftedFactorization& factorization, const SpatialWeights& w, double rho) {
  arma::arma_rng::set_seed(11);
  const arma::mat b = arma::randn<arma::mat>(static_cast<arma::uword>(w.n()), 4);
  for (const bool transposed : {false, true}) {
    const arma::mat shifted = DenseShifted(w, rho);
    const arma::mat expected = arma::solve(transposed ? arma::mat(shifted.t()) : shifted, b);
    const arma::mat x = factorization.Solve(b, transposed);
    EXPECT_LT(arma::abs(x - expected).max(), 1e-10 * arma::abs(expected).max())
        << factorization.Describe() << " at rho " << rho << (transposed ? " transposed" : "");
  }
}

TEST(ShiftedFactorizationTest, WordsNameTheAlgorithmAndTheLibrary) {
  EXPECT_EQ(ToString(FactorizationAlgorithm::kCholesky), "cholesky");
  EXPECT_EQ(ToString(FactorizationAlgorithm::kLu), "lu");
  EXPECT_EQ(ToString(SparseLibrary::kCholmod), "CHOLMOD");
  EXPECT_EQ(ToString(SparseLibrary::kUmfpack), "UMFPACK");
  EXPECT_EQ(DefaultLibrary(FactorizationAlgorithm::kCholesky), SparseLibrary::kCholmod);
  EXPECT_EQ(DefaultLibrary(FactorizationAlgorithm::kLu), SparseLibrary::kUmfpack);
}

TEST(ShiftedFactorizationTest, LogDeterminantMatchesADenseOneForBothAlgorithms) {
  const SpatialWeights w = testing::RookLattice(7, 6);  // similar to symmetric, not symmetric
  const std::optional<SymmetricForm> symmetric = FindSymmetricForm(w);
  ASSERT_TRUE(symmetric.has_value());
  for (const FactorizationAlgorithm algorithm : kBothAlgorithms) {
    const auto factorization = Create(algorithm, w, symmetric);
    for (const double rho : {-0.9, -0.3, 0.0, 0.4, 0.95}) {
      factorization->Factorize(rho);
      EXPECT_EQ(factorization->Rho(), rho);
      ExpectLogDeterminant(*factorization, w, rho);
    }
  }
}

TEST(ShiftedFactorizationTest, SymmetricAndGeneralWeights) {
  const SpatialWeights binary = testing::Lattice(5, 5, true, WeightsStyle::kBinary);  // lambda_max < 8
  const std::optional<SymmetricForm> symmetric = FindSymmetricForm(binary);
  ASSERT_TRUE(symmetric.has_value() && symmetric->weights_symmetric);
  for (const FactorizationAlgorithm algorithm : kBothAlgorithms) {
    const auto factorization = Create(algorithm, binary, symmetric);
    factorization->Factorize(0.1);
    ExpectLogDeterminant(*factorization, binary, 0.1);
    ExpectSolves(*factorization, binary, 0.1);
  }
  const SpatialWeights nearest = testing::KNearestNeighbours(80, 4, 5);  // not similar to symmetric
  const auto lu = Create(FactorizationAlgorithm::kLu, nearest, std::nullopt);
  for (const double rho : {-0.6, 0.7}) {
    lu->Factorize(rho);
    ExpectLogDeterminant(*lu, nearest, rho);
    ExpectSolves(*lu, nearest, rho);
  }
}

TEST(ShiftedFactorizationTest, SolveAndTransposedSolveMatchADenseSolve) {
  const SpatialWeights w = testing::RookLattice(9, 8);
  const std::optional<SymmetricForm> symmetric = FindSymmetricForm(w);
  for (const FactorizationAlgorithm algorithm : kBothAlgorithms) {
    const auto factorization = Create(algorithm, w, symmetric);
    for (const double rho : {-0.7, 0.5, 0.98}) {
      factorization->Factorize(rho);
      ExpectSolves(*factorization, w, rho);
    }
    EXPECT_EQ(factorization->Solve(arma::mat(static_cast<arma::uword>(w.n()), 0)).n_cols, 0U);
  }
}

// The symbolic analysis is made once (here at a representative rho, as the lu log-determinant does) and
// each Factorize is a numeric refactorisation on it, also after a refused rho.
TEST(ShiftedFactorizationTest, RefactorisationAtASecondRhoReusesTheAnalysis) {
  const SpatialWeights w = testing::RookLattice(10, 10);
  const std::optional<SymmetricForm> symmetric = FindSymmetricForm(w);
  for (const FactorizationAlgorithm algorithm : kBothAlgorithms) {
    const auto factorization = Create(algorithm, w, symmetric);
    factorization->Analyze(0.5);
    const std::string analysed = factorization->Describe();
    factorization->Factorize(0.3);
    ExpectLogDeterminant(*factorization, w, 0.3);
    factorization->Factorize(0.8);
    ExpectLogDeterminant(*factorization, w, 0.8);
    ExpectSolves(*factorization, w, 0.8);
    EXPECT_THROW(factorization->Factorize(1.0), NumericalError);
    EXPECT_FALSE(factorization->IsFactorized());
    factorization->Factorize(-0.6);
    ExpectLogDeterminant(*factorization, w, -0.6);
    if (algorithm == FactorizationAlgorithm::kCholesky) {
      EXPECT_EQ(factorization->Describe(), analysed);  // the same ordering and nnz(L) throughout
    }
  }
}

// CHOLMOD goes supernodal (dense blocks, BLAS) on larger lattices, where the small cases above stay
// simplicial LDL'. Too large for a dense oracle: lu (another library) and the residual check instead.
TEST(ShiftedFactorizationTest, SupernodalCholeskyAgreesWithLuAndSolves) {
  const SpatialWeights w = testing::RookLattice(80, 80);
  const std::optional<SymmetricForm> symmetric = FindSymmetricForm(w);
  const auto cholesky = Create(FactorizationAlgorithm::kCholesky, w, symmetric);
  const auto lu = Create(FactorizationAlgorithm::kLu, w, symmetric);
  const arma::sp_mat weights = w.ToSparseMatrix();
  arma::arma_rng::set_seed(12);
  const arma::mat b = arma::randn<arma::mat>(static_cast<arma::uword>(w.n()), 3);
  for (const double rho : {-0.5, 0.9}) {
    cholesky->Factorize(rho);
    lu->Factorize(rho);
    EXPECT_NE(cholesky->Describe().find("supernodal LL'"), std::string::npos) << cholesky->Describe();
    EXPECT_NEAR(cholesky->LogDeterminant(), lu->LogDeterminant(), 1e-10 * std::fabs(lu->LogDeterminant()));
    const arma::mat x = cholesky->Solve(b);
    const arma::mat xt = cholesky->Solve(b, true);
    EXPECT_LT(arma::abs(b - (x - rho * weights * x)).max(), 1e-10 * arma::abs(b).max());
    EXPECT_LT(arma::abs(b - (xt - rho * weights.t() * xt)).max(), 1e-10 * arma::abs(b).max());
  }
  EXPECT_THROW(cholesky->Factorize(1.2), NumericalError);
  cholesky->Factorize(0.3);  // a refused factorisation leaves the analysis usable
  lu->Factorize(0.3);
  EXPECT_NEAR(cholesky->LogDeterminant(), lu->LogDeterminant(), 1e-10 * std::fabs(lu->LogDeterminant()));
}

TEST(ShiftedFactorizationTest, DescribeNamesTheAlgorithmAndTheLibrary) {
  const SpatialWeights w = testing::RookLattice(6, 6);
  const std::optional<SymmetricForm> symmetric = FindSymmetricForm(w);
  const auto cholesky = Create(FactorizationAlgorithm::kCholesky, w, symmetric);
  cholesky->Factorize(0.5);
  EXPECT_EQ(cholesky->Describe().rfind("CHOLMOD ", 0), 0U) << cholesky->Describe();
  EXPECT_NE(cholesky->Describe().find("nnz(L) = "), std::string::npos) << cholesky->Describe();
  const auto lu = Create(FactorizationAlgorithm::kLu, w, symmetric);
  lu->Factorize(0.5);
  EXPECT_EQ(lu->Describe().rfind("UMFPACK ", 0), 0U) << lu->Describe();
  EXPECT_NE(lu->Describe().find("nnz(L + U) = "), std::string::npos) << lu->Describe();
}

// rho = 1 = 1/lambda_max of a row-standardised W: I - rho W is singular. Rounding leaves CHOLMOD and UMFPACK
// tiny pivots there, which the pivot check refuses.
TEST(ShiftedFactorizationTest, SingularIsANumericalErrorNamingRho) {
  const SpatialWeights w = testing::RookLattice(6, 6);
  const std::optional<SymmetricForm> symmetric = FindSymmetricForm(w);
  EXPECT_THROW_MENTIONING(NumericalError,
                          Create(FactorizationAlgorithm::kCholesky, w, symmetric)->Factorize(1.0),
                          {"cholesky (CHOLMOD)", "rho = 1", "not positive definite"});
  EXPECT_THROW_MENTIONING(NumericalError, Create(FactorizationAlgorithm::kLu, w, symmetric)->Factorize(1.0),
                          {"lu (UMFPACK)", "rho = 1", "singular"});
  // rho = 1.2 > 1/lambda_max: I - rho S is indefinite, which cholesky refuses and lu factorises.
  EXPECT_THROW_MENTIONING(NumericalError,
                          Create(FactorizationAlgorithm::kCholesky, w, symmetric)->Factorize(1.2),
                          {"rho = 1.2", "not positive definite"});
}

// The 4-cycle (eigenvalues 1, 0, 0, -1) at rho = -1.5: det(I - rho W) = 2.5 * -0.5 < 0. The LU solves, but
// has no log-determinant.
TEST(ShiftedFactorizationTest, NegativeDeterminantSolvesButHasNoLogDeterminant) {
  const SpatialWeights w = testing::RookLattice(2, 2);
  double sign = 0.0;
  DenseLogDeterminant(w, -1.5, &sign);
  ASSERT_LT(sign, 0.0);
  const auto lu = Create(FactorizationAlgorithm::kLu, w, std::nullopt);
  lu->Factorize(-1.5);
  ExpectSolves(*lu, w, -1.5);
  EXPECT_THROW_MENTIONING(NumericalError, lu->LogDeterminant(), {"rho = -1.5", "negative"});
}

TEST(ShiftedFactorizationTest, CholeskyNeedsWeightsSimilarToSymmetric) {
  const SpatialWeights w = testing::KNearestNeighbours(60, 4, 7);
  ASSERT_FALSE(FindSymmetricForm(w).has_value());
  EXPECT_THROW_MENTIONING(
      OptionError,
      ShiftedFactorization::Create(FactorizationAlgorithm::kCholesky, SparseLibrary::kCholmod, &w, nullptr),
      {"cholesky", "similar to symmetric", "lu"});
}

TEST(ShiftedFactorizationTest, ALibraryThatDoesNotProvideTheAlgorithmIsAnOptionError) {
  const SpatialWeights w = testing::RookLattice(4, 4);
  const std::optional<SymmetricForm> symmetric = FindSymmetricForm(w);
  EXPECT_THROW_MENTIONING(OptionError,
                          ShiftedFactorization::Create(FactorizationAlgorithm::kCholesky,
                                                       SparseLibrary::kUmfpack, &w, &*symmetric),
                          {"UMFPACK", "cholesky"});
  EXPECT_THROW(
      ShiftedFactorization::Create(FactorizationAlgorithm::kLu, SparseLibrary::kCholmod, &w, nullptr),
      OptionError);
}

// The factorisations and solves run with one OpenBLAS thread and inactive OpenMP regions
// (SingleThreadedSparseSolver); afterwards the process's settings are what they were, also when a
// factorisation is refused.
TEST(ShiftedFactorizationTest, ThreadSettingsAreRestoredAfterFactorizeAndSolve) {
  const int original_threads = openblas_get_num_threads();
  const int original_levels = omp_get_max_active_levels();
  openblas_set_num_threads(2);
  omp_set_max_active_levels(1);
  const int threads = openblas_get_num_threads();  // 2, or fewer where OpenBLAS was built for fewer
  const SpatialWeights w = testing::RookLattice(12, 12);
  const std::optional<SymmetricForm> symmetric = FindSymmetricForm(w);
  for (const FactorizationAlgorithm algorithm : kBothAlgorithms) {
    const auto factorization = Create(algorithm, w, symmetric);
    factorization->Factorize(0.6);
    EXPECT_EQ(openblas_get_num_threads(), threads) << ToString(algorithm);
    EXPECT_EQ(omp_get_max_active_levels(), 1) << ToString(algorithm);
    factorization->Solve(arma::ones<arma::mat>(static_cast<arma::uword>(w.n()), 3));
    EXPECT_EQ(openblas_get_num_threads(), threads) << ToString(algorithm);
    EXPECT_EQ(omp_get_max_active_levels(), 1) << ToString(algorithm);
    EXPECT_THROW(factorization->Factorize(1.0), NumericalError);
    EXPECT_EQ(openblas_get_num_threads(), threads) << ToString(algorithm);
    EXPECT_EQ(omp_get_max_active_levels(), 1) << ToString(algorithm);
  }
  openblas_set_num_threads(original_threads);
  omp_set_max_active_levels(original_levels);
}

}  // namespace
}  // namespace hinterland::engine
