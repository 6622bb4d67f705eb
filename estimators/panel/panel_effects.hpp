// The fixed effects of a panel fit, as splm's `effect` and Stata's xsmle `fe type()` name them: none (a
// pooled fit), individual (unit), time (period) or twoways (both), removed by the within transformation
// (within_transform.hpp).
#pragma once

#include <string>

namespace hinterland::estimators {

enum class PanelEffects { kNone, kIndividual, kTime, kTwoWays };

std::string ToString(PanelEffects effects);  // "none", "individual", "time", "twoways"
// The words above, ignoring case (engine::OptionError keyed "effects" otherwise).
PanelEffects ParsePanelEffects(const std::string& text);

// Whether the effects include the units' (individual or twoways) / the periods' (time or twoways).
bool HasIndividualEffects(PanelEffects effects);
bool HasTimeEffects(PanelEffects effects);

}  // namespace hinterland::estimators
