// Words of ModelKind and CovarianceMethod (see model_kind.hpp).
#include "estimators/common/model_kind.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace hinterland::estimators {
namespace {

constexpr std::array<std::pair<ModelKind, const char*>, 7> kModelWords = {{
    {ModelKind::kOls, "ols"},
    {ModelKind::kSlx, "slx"},
    {ModelKind::kSar, "sar"},
    {ModelKind::kSem, "sem"},
    {ModelKind::kSdm, "sdm"},
    {ModelKind::kSdem, "sdem"},
    {ModelKind::kSac, "sac"},
}};

constexpr std::array<std::pair<CovarianceMethod, const char*>, 3> kCovarianceWords = {{
    {CovarianceMethod::kAnalytic, "analytic"},
    {CovarianceMethod::kNumericalHessian, "hessian"},
    {CovarianceMethod::kSandwich, "sandwich"},
}};

std::string Lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Finds `text` among the words of `table`, or throws OptionError naming `option` and listing the words.
template <typename Enum, std::size_t N>
Enum ParseWord(const std::array<std::pair<Enum, const char*>, N>& table,
               const std::string& text,
               const std::string& option) {
  const std::string lowered = Lowercase(text);
  std::vector<std::string> words;
  for (const auto& [value, word] : table) {
    if (lowered == word) {
      return value;
    }
    words.emplace_back(word);
  }
  std::string list;
  for (const std::string& word : words) {
    list += (list.empty() ? "" : ", ") + word;
  }
  throw engine::OptionError(option + " \"" + text + "\" is not one of " + list +
                            engine::DidYouMean(text, words));
}

}  // namespace

std::string ToString(ModelKind kind) {
  for (const auto& [value, word] : kModelWords) {
    if (value == kind) {
      return word;
    }
  }
  HINTERLAND_CHECK(false, "unknown ModelKind");
  return "";
}

ModelKind ParseModelKind(const std::string& text) { return ParseWord(kModelWords, text, "--model"); }

std::string ToString(CovarianceMethod method) {
  for (const auto& [value, word] : kCovarianceWords) {
    if (value == method) {
      return word;
    }
  }
  HINTERLAND_CHECK(false, "unknown CovarianceMethod");
  return "";
}

CovarianceMethod ParseCovarianceMethod(const std::string& text) {
  return ParseWord(kCovarianceWords, text, "--vcov");
}

}  // namespace hinterland::estimators
