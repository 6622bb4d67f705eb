// Words of ModelKind (see model_kind.hpp).
#include "estimators/common/model_kind.hpp"

#include "engine/core/enum_words.hpp"

namespace hinterland::estimators {
namespace {

constexpr engine::EnumWords<ModelKind, 7> kModelWords = {{
    {ModelKind::kOls, "ols"},
    {ModelKind::kSlx, "slx"},
    {ModelKind::kSar, "sar"},
    {ModelKind::kSem, "sem"},
    {ModelKind::kSdm, "sdm"},
    {ModelKind::kSdem, "sdem"},
    {ModelKind::kSac, "sac"},
}};

}  // namespace

std::string ToString(ModelKind kind) { return engine::WordOf(kModelWords, kind); }

ModelKind ParseModelKind(const std::string& text) { return engine::ParseWord(kModelWords, text, "model"); }

}  // namespace hinterland::estimators
