// Naming options in messages, and rendering OptionProblem lists (see error.hpp).
#include "engine/core/error.hpp"

namespace hinterland::engine {

std::string NameOptions(const std::string& text,
                        const std::function<std::string(const std::string&)>& name_of) {
  if (!name_of) return text;
  std::string rendered;
  std::size_t position = 0;
  while (position < text.size()) {
    const std::size_t open = text.find('`', position);
    const std::size_t close = open == std::string::npos ? std::string::npos : text.find('`', open + 1);
    if (close == std::string::npos) {
      rendered += text.substr(position);
      break;
    }
    // A backquoted text that is no option key (e.g. a formula's `odd name`) stays as it is.
    const std::string name = name_of(text.substr(open + 1, close - open - 1));
    rendered += text.substr(position, open - position);
    rendered += name.empty() ? text.substr(open, close - open + 1) : name;
    position = close + 1;
  }
  return rendered;
}

std::string RenderOptionProblems(const std::vector<OptionProblem>& problems,
                                 const std::function<std::string(const std::string&)>& name_of) {
  std::string text;
  for (const OptionProblem& problem : problems) {
    if (!text.empty()) text += "\n";
    text += NameOptions("`" + problem.key + "` " + problem.constraint, name_of);
  }
  return text;
}

}  // namespace hinterland::engine
