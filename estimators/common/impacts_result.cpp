// Words of ImpactMethod (see impacts_result.hpp).
#include "estimators/common/impacts_result.hpp"

#include "engine/core/enum_words.hpp"

namespace hinterland::estimators {
namespace {

constexpr engine::EnumWords<ImpactMethod, 4> kMethodWords = {{
    {ImpactMethod::kAuto, "auto"},
    {ImpactMethod::kExact, "exact"},
    {ImpactMethod::kTraces, "traces"},
    {ImpactMethod::kAnalytic, "analytic"},
}};

}  // namespace

std::string ToString(ImpactMethod method) { return engine::WordOf(kMethodWords, method); }

ImpactMethod ParseImpactMethod(const std::string& text) {
  return engine::ParseWord(kMethodWords, text, "impacts_method");
}

}  // namespace hinterland::estimators
