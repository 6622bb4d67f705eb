// Helpers for the table tests: the message of an expected typed error, so that a test can assert both
// the error's type and a substring of what it tells the user.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace hinterland::engine {

// Runs `action`; returns the message of the `Error` it throws, or records a failure (naming `Error`'s
// absence) and returns "" when it throws nothing. Another exception type propagates and fails the test.
template <typename Error, typename Action>
std::string ErrorMessage(Action&& action) {
  try {
    std::forward<Action>(action)();
  } catch (const Error& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected an exception of the requested type; none was thrown";
  return "";
}

}  // namespace hinterland::engine
