// Words of the FitResult enums (the words JSON and the tables print), the engine provenance, and the
// naming of options in a result's texts.
#include "estimators/common/fit_result.hpp"

#include "engine/core/build_info.hpp"
#include "engine/core/enum_words.hpp"
#include "engine/core/error.hpp"

namespace hinterland::estimators {
namespace {

constexpr engine::EnumWords<CoefficientRole, 5> kRoleWords = {{
    {CoefficientRole::kIntercept, "intercept"},
    {CoefficientRole::kRegressor, "regressor"},
    {CoefficientRole::kLaggedRegressor, "lagged_regressor"},
    {CoefficientRole::kRho, "rho"},
    {CoefficientRole::kLambda, "lambda"},
}};

constexpr engine::EnumWords<FitStatus, 4> kStatusWords = {{
    {FitStatus::kConverged, "converged"},
    {FitStatus::kAtBound, "at_bound"},
    {FitStatus::kNotConverged, "not_converged"},
    {FitStatus::kFailed, "failed"},
}};

}  // namespace

std::string ToString(CoefficientRole role) { return engine::WordOf(kRoleWords, role); }

std::string ToString(FitStatus status) { return engine::WordOf(kStatusWords, status); }

FitResult WithOptionNames(FitResult result, const std::function<std::string(const std::string&)>& name_of) {
  const auto name = [&name_of](std::string& text) { text = engine::NameOptions(text, name_of); };
  for (std::string& warning : result.warnings) name(warning);
  for (std::string& dropped : result.dropped_ids) name(dropped);
  for (Diagnostic& diagnostic : result.diagnostics) name(diagnostic.note);
  name(result.status_message);
  name(result.provenance.logdet_description);
  name(result.provenance.vcov_method);
  if (result.impacts) {
    for (std::string& note : result.impacts->notes) name(note);
    name(result.impacts->trace_method);
  }
  return result;
}

void FillEngineProvenance(Provenance& provenance) {
  const engine::BuildInfo info = engine::GetBuildInfo();
  provenance.engine_version = info.engine_version;
  provenance.blas = info.blas;
  provenance.blas_library = info.blas_library;
  provenance.lapack = info.lapack;
  provenance.threads = info.blas_threads;
  provenance.sparse_threads = info.sparse_threads;
}

}  // namespace hinterland::estimators
