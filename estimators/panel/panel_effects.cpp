// Words of PanelEffects (see panel_effects.hpp).
#include "estimators/panel/panel_effects.hpp"

#include "engine/core/enum_words.hpp"

namespace hinterland::estimators {
namespace {

constexpr engine::EnumWords<PanelEffects, 4> kEffectsWords = {{
    {PanelEffects::kNone, "none"},
    {PanelEffects::kIndividual, "individual"},
    {PanelEffects::kTime, "time"},
    {PanelEffects::kTwoWays, "twoways"},
}};

}  // namespace

std::string ToString(PanelEffects effects) { return engine::WordOf(kEffectsWords, effects); }

PanelEffects ParsePanelEffects(const std::string& text) {
  return engine::ParseWord(kEffectsWords, text, "effects");
}

bool HasIndividualEffects(PanelEffects effects) {
  return effects == PanelEffects::kIndividual || effects == PanelEffects::kTwoWays;
}

bool HasTimeEffects(PanelEffects effects) {
  return effects == PanelEffects::kTime || effects == PanelEffects::kTwoWays;
}

}  // namespace hinterland::estimators
