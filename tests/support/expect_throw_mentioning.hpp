// EXPECT_THROW_MENTIONING(ErrorType, statement, {fragments}): `statement` must throw ErrorType and the
// error's message must contain every fragment. The failure names the expected type, the statement, the
// message and each missing fragment. An exception of another type derived from std::exception is a
// failure too (its message is shown); anything else propagates and fails the test.
//
//   EXPECT_THROW_MENTIONING(OptionError, ParseLogDetMethod("cholesy"), {"`logdet` cholesy", "cholesky"});
//
// A statement holding a braced list with a comma must be wrapped in parentheses or a lambda call.
#pragma once

#include <gtest/gtest.h>

#include <exception>
#include <initializer_list>
#include <string>
#include <vector>

namespace hinterland::testing {

// The fragments of `fragments` that `message` lacks.
inline std::vector<std::string> MissingFragments(const std::string& message,
                                                 std::initializer_list<std::string> fragments) {
  std::vector<std::string> missing;
  for (const std::string& fragment : fragments) {
    if (message.find(fragment) == std::string::npos) missing.push_back(fragment);
  }
  return missing;
}

inline ::testing::AssertionResult MentionsAll(const std::string& message,
                                              std::initializer_list<std::string> fragments) {
  const std::vector<std::string> missing = MissingFragments(message, fragments);
  if (missing.empty()) return ::testing::AssertionSuccess();
  ::testing::AssertionResult failure = ::testing::AssertionFailure();
  for (const std::string& fragment : missing) {
    failure << "message \"" << message << "\" lacks \"" << fragment << "\"\n";
  }
  return failure;
}

template <typename Error, typename Call>
::testing::AssertionResult ThrowsMentioning(Call&& call,
                                            const char* error_name,
                                            const char* statement,
                                            std::initializer_list<std::string> fragments) {
  try {
    call();
  } catch (const Error& error) {
    return MentionsAll(error.what(), fragments) << "(from " << statement << ")";
  } catch (const std::exception& other) {
    return ::testing::AssertionFailure()
           << statement << " threw another exception than " << error_name << ": \"" << other.what() << "\"";
  }
  return ::testing::AssertionFailure() << statement << " did not throw " << error_name;
}

}  // namespace hinterland::testing

#define EXPECT_THROW_MENTIONING(ErrorType, statement, ...)                                              \
  EXPECT_TRUE(::hinterland::testing::ThrowsMentioning<ErrorType>([&] { static_cast<void>(statement); }, \
                                                                 #ErrorType, #statement, __VA_ARGS__))
