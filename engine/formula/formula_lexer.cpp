// Tokenizer of R-style formulas and R's deparse rules for numbers and names (R's formatReal: 15
// significant digits, fixed notation when it is no wider than scientific). Names follow R's syntactic
// names (letters, digits, '.', '_'; bytes >= 0x80 are taken as letters so UTF-8 names pass through).
#include "engine/formula/formula_lexer.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "engine/core/error.hpp"

namespace hinterland::engine::formula_internal {
namespace {

bool IsNameStart(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return std::isalpha(byte) != 0 || c == '.' || byte >= 0x80;
}

bool IsNameChar(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return std::isalnum(byte) != 0 || c == '.' || c == '_' || byte >= 0x80;
}

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

bool IsOperator(char c) {
  constexpr std::string_view kOperators = "~+-*/^:(),=";
  return kOperators.find(c) != std::string_view::npos;
}

[[noreturn]] void FailAt(const std::string& formula, std::size_t offset, const std::string& what) {
  throw FormulaError(fmt::format("{}{} at position {}", FormulaPrefix(formula), what, offset));
}

// Reads a number starting at `offset` (digits, a decimal point, an exponent); returns its end.
std::size_t ScanNumber(const std::string& formula, std::size_t offset) {
  std::size_t end = offset;
  while (end < formula.size() && (IsDigit(formula[end]) || formula[end] == '.')) ++end;
  if (end < formula.size() && (formula[end] == 'e' || formula[end] == 'E')) {
    std::size_t exponent = end + 1;
    if (exponent < formula.size() && (formula[exponent] == '+' || formula[exponent] == '-')) ++exponent;
    if (exponent < formula.size() && IsDigit(formula[exponent])) {
      end = exponent;
      while (end < formula.size() && IsDigit(formula[end])) ++end;
    }
  }
  return end;
}

// Reads a quoted string or backquoted name whose opening quote is at `offset`; returns the content and
// sets `end` past the closing quote. A backslash escapes the next character.
std::string ScanQuoted(const std::string& formula, std::size_t offset, std::size_t& end) {
  const char quote = formula[offset];
  std::string content;
  std::size_t position = offset + 1;
  while (position < formula.size() && formula[position] != quote) {
    if (formula[position] == '\\' && position + 1 < formula.size()) ++position;
    content += formula[position++];
  }
  if (position >= formula.size()) {
    FailAt(formula, offset, fmt::format("unterminated {}", quote == '`' ? "backquoted name" : "string"));
  }
  end = position + 1;
  return content;
}

}  // namespace

std::string FormulaPrefix(const std::string& formula) { return fmt::format("formula \"{}\": ", formula); }

std::vector<Token> Tokenize(const std::string& formula) {
  std::vector<Token> tokens;
  std::size_t position = 0;
  while (position < formula.size()) {
    const char c = formula[position];
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      ++position;
      continue;
    }
    Token token;
    token.offset = position;
    if (IsDigit(c) || (c == '.' && position + 1 < formula.size() && IsDigit(formula[position + 1]))) {
      const std::size_t end = ScanNumber(formula, position);
      token.kind = Token::Kind::kNumber;
      token.text = formula.substr(position, end - position);
      char* parsed_end = nullptr;
      token.number = std::strtod(token.text.c_str(), &parsed_end);
      if (parsed_end != token.text.c_str() + token.text.size()) {
        FailAt(formula, position, fmt::format("malformed number \"{}\"", token.text));
      }
      position = end;
    } else if (IsNameStart(c)) {
      std::size_t end = position;
      while (end < formula.size() && IsNameChar(formula[end])) ++end;
      token.kind = Token::Kind::kName;
      token.text = formula.substr(position, end - position);
      position = end;
    } else if (c == '`' || c == '"' || c == '\'') {
      std::size_t end = position;
      token.text = ScanQuoted(formula, position, end);
      token.kind = c == '`' ? Token::Kind::kName : Token::Kind::kString;
      position = end;
    } else if (IsOperator(c)) {
      token.kind = Token::Kind::kOperator;
      token.text = std::string(1, c);
      ++position;
    } else {
      FailAt(formula, position, fmt::format("unexpected character '{}'", c));
    }
    tokens.push_back(std::move(token));
  }
  Token end;
  end.kind = Token::Kind::kEnd;
  end.offset = formula.size();
  tokens.push_back(end);
  return tokens;
}

std::string FormatNumberLikeR(double value) {
  if (!std::isfinite(value)) return std::isnan(value) ? "NaN" : (value > 0 ? "Inf" : "-Inf");
  if (value == 0.0) return "0";
  // Scientific form with 15 significant digits, then trailing zeros of the mantissa dropped.
  std::array<char, 64> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.14e", value);
  std::string scientific(buffer.data());
  const std::size_t e_position = scientific.find('e');
  std::string mantissa = scientific.substr(0, e_position);
  const int exponent = std::atoi(scientific.c_str() + e_position + 1);
  if (mantissa.find('.') != std::string::npos) {
    while (mantissa.back() == '0') mantissa.pop_back();
    if (mantissa.back() == '.') mantissa.pop_back();
  }
  const std::size_t digits_start = mantissa[0] == '-' ? 1 : 0;
  const int significant_digits =
      static_cast<int>(mantissa.size() - digits_start - (mantissa.find('.') != std::string::npos ? 1 : 0));
  const std::string short_scientific =
      fmt::format("{}e{}{:02d}", mantissa, exponent < 0 ? '-' : '+', std::abs(exponent));
  const int decimals = std::max(0, significant_digits - 1 - exponent);
  std::snprintf(buffer.data(), buffer.size(), "%.*f", decimals, value);
  const std::string fixed(buffer.data());
  return fixed.size() <= short_scientific.size() ? fixed : short_scientific;
}

std::string FormatNameLikeR(const std::string& name) {
  static const std::array<std::string_view, 19> kReserved = {
      "if",    "else",        "repeat",   "while",         "function", "for", "next",
      "break", "TRUE",        "FALSE",    "NULL",          "Inf",      "NaN", "NA",
      "in",    "NA_integer_", "NA_real_", "NA_character_", "..."};
  bool syntactic =
      !name.empty() && IsNameStart(name[0]) && !(name[0] == '.' && name.size() > 1 && IsDigit(name[1]));
  for (const char c : name) syntactic = syntactic && IsNameChar(c);
  for (const std::string_view word : kReserved) syntactic = syntactic && name != word;
  if (syntactic) return name;
  std::string quoted = "`";
  for (const char c : name) {
    if (c == '`' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "`";
}

}  // namespace hinterland::engine::formula_internal
