// Words and families of CovarianceEstimator (see covariance.hpp).
#include "estimators/common/covariance.hpp"

#include "engine/core/enum_words.hpp"

namespace hinterland::estimators {
namespace {

using enum CovarianceEstimator;

constexpr engine::EnumWords<CovarianceEstimator, 9> kWords = {{
    {kClassical, "classical"},
    {kHC0, "HC0"},
    {kHC1, "HC1"},
    {kHC2, "HC2"},
    {kHC3, "HC3"},
    {kAnalytic, "analytic"},
    {kNumericalHessian, "hessian"},
    {kSandwich, "sandwich"},
    {kCluster, "cluster"},
}};

}  // namespace

std::string ToString(CovarianceEstimator estimator) { return engine::WordOf(kWords, estimator); }

CovarianceEstimator ParseCovarianceEstimator(const std::string& text) {
  return engine::ParseWord(kWords, text, "vcov");
}

CovarianceFamily FamilyOf(CovarianceEstimator estimator) {
  switch (estimator) {
    case kClassical:
    case kHC0:
    case kHC1:
    case kHC2:
    case kHC3:
      return CovarianceFamily::kLeastSquares;
    case kAnalytic:
    case kNumericalHessian:
    case kSandwich:
    case kCluster:
      return CovarianceFamily::kMaximumLikelihood;
  }
  HINTERLAND_CHECK(false, "a CovarianceEstimator without a family");
  return CovarianceFamily::kLeastSquares;
}

CovarianceEstimator DefaultCovariance(CovarianceFamily family) {
  return family == CovarianceFamily::kLeastSquares ? kClassical : kAnalytic;
}

std::string CovarianceWords(CovarianceFamily family) {
  std::vector<std::string> words;
  for (const auto& entry : kWords) {
    if (FamilyOf(entry.value) == family) words.emplace_back(entry.word);
  }
  return engine::JoinWords(words, "and");
}

}  // namespace hinterland::estimators
