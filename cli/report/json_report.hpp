// JSON rendering of a FitResult: the machine-readable contract (README "JSON result"). Unlike the other
// renderers it reads the FitResult itself rather than the ResultTable, because the contract is the result's
// fields with their types (the vcov matrix, provenance, timings), not a table laid out for people.
// Non-finite numbers are written as null; JSON never holds NaN or Infinity.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "estimators/common/fit_result.hpp"
#include "estimators/impacts/impacts.hpp"

namespace hinterland::cli {

// Identifies the layout below; raised when a key is renamed or removed (never when one is added).
inline constexpr const char* kJsonSchema = "hinterland.fit/2";

// `impacts` may be null: then "impacts" and "impacts_details" are null. Otherwise "impacts" is a list of
// {name, direct, indirect, total, by_order}, each of direct, indirect, total {estimate, std_error, z,
// p_value, mean, lower, upper} (the inference fields null for point estimates only); by_order lists the
// rho^k W^k terms {order, direct, indirect, total} for k = 0..power_order in the same form (null for
// analytic impacts). "impacts_details" holds method, trace method, draws, seed and the rho interval of the
// draws. "weights2" describes SAC's second matrix W2 as "weights" describes W (null for other models).
nlohmann::ordered_json FitResultToJson(const estimators::FitResult& result,
                                       const estimators::ImpactsResult* impacts = nullptr);
// Pretty-printed (two-space indent) with a trailing newline.
std::string RenderJson(const estimators::FitResult& result,
                       const estimators::ImpactsResult* impacts = nullptr);

// A finite double as a JSON number; NaN and infinities as null.
nlohmann::ordered_json JsonNumber(double value);

}  // namespace hinterland::cli
