// The Jacobian of an unbalanced panel, sum_t log|I - rho W_t| (Elhorst 2014, sec. 3.2, with each period's own
// W): one back-end per distinct W_t (UnbalancedWeightsOperator's blocks), set up once and counted once per
// period that shares it, so T periods over K distinct W_t cost K set-ups. The interval of rho is the
// intersection of the blocks' intervals (every I - rho W_t must be nonsingular with positive determinant).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/linalg/unbalanced_weights_operator.hpp"
#include "engine/logdet/log_determinant.hpp"

namespace hinterland::engine {

class SummedLogDeterminant final : public LogDeterminant {
 public:
  struct Term {
    std::unique_ptr<LogDeterminant> log_determinant;
    double multiplier = 1.0;  // the periods that share this W_t
  };
  // terms must not be empty; the method reported as used is that of the largest W_t, `method_given` the
  // user's.
  SummedLogDeterminant(std::vector<Term> terms, LogDetMethod method_given);

  double Evaluate(double rho) const override;
  double Derivative(double rho) const override;
  bool IsExact() const override;
  double ErrorEstimate(double rho) const override;
  std::string Describe() const override;

 protected:
  std::string Details() const override;

 private:
  std::vector<Term> terms_;
};

// One back-end per block of `w` under `options` (CreateLogDeterminant on each block's operator), weighted by
// the periods that use it.
std::unique_ptr<LogDeterminant> CreateSummedLogDeterminant(const UnbalancedWeightsOperator& w,
                                                           const LogDetOptions& options);

}  // namespace hinterland::engine
