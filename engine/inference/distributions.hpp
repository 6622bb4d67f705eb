// p-values from Boost.Math distributions, computed on the complemented tail so that tiny p-values keep
// their precision (as R's pnorm(..., lower.tail = FALSE)).
#pragma once

namespace hinterland::engine {

double NormalUpperTail(double z);                                         // P(Z > z)
double NormalTwoSided(double z);                                          // P(|Z| > |z|)
double StudentTTwoSided(double t, double degrees_of_freedom);             // P(|T| > |t|)
double ChiSquaredUpperTail(double x, double degrees_of_freedom);          // P(X > x)
double FUpperTail(double f, double numerator_df, double denominator_df);  // P(F > f)
double NormalQuantile(double probability);                                // Phi^-1(p)

}  // namespace hinterland::engine
