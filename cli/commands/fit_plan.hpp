// FitPlan: the words of `hinterland fit` turned into the library's FitRequest before any file is read. This
// file only parses (each word through its enum's table, "lower,upper", "INC,HOVAL"); which option applies to
// which model, and every value's domain, are the library's (FitRequest::Validate). All problems are reported
// at once, named by their flags (FlagOf).
#pragma once

#include <string>
#include <vector>

#include "cli/commands/fit_command.hpp"
#include "cli/report/report_format.hpp"
#include "estimators/fit/fit_request.hpp"

namespace hinterland::cli {

struct FitPlan {
  estimators::FitRequest request;
  ReportFormat format = ReportFormat::kText;
};

// "INC, HOVAL" -> {"INC", "HOVAL"}; an empty name is kept, for the library to refuse by name.
std::vector<std::string> SplitDurbinTerms(const std::string& text);

// Parses every option and validates the request; throws engine::OptionError with every problem found.
FitPlan PlanFit(const FitCommandOptions& options);

}  // namespace hinterland::cli
