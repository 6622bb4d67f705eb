// ModelKind: the model a fit is asked for. The only place its words exist ("sar", "sdm", ...): front ends
// parse through ParseModelKind, the JSON writes ToString (ARCHITECTURE.md section 4, "CLI words = enum
// words"). What each model is (estimation, parameters, options that apply) is in model_capabilities.hpp.
#pragma once

#include <string>

namespace hinterland::estimators {

// kOls: least squares; kSlx: least squares on [X, WX]; kSar / kSdm: spatial lag (+ WX);
// kSem / kSdem: spatial error (+ WX); kSac: lag and error together.
enum class ModelKind { kOls, kSlx, kSar, kSem, kSdm, kSdem, kSac };

// "ols", "slx", "sar", "sem", "sdm", "sdem", "sac".
std::string ToString(ModelKind kind);
// The words above (case-insensitive); engine::OptionError with the problem {key "model", text, the words}.
ModelKind ParseModelKind(const std::string& text);

}  // namespace hinterland::estimators
