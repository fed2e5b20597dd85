// Small statistics for performance verdicts: order statistics only, so a few
// wild trials cannot move a verdict the way they would move a mean.
#pragma once

#include <vector>

namespace ptlabs::grader {

// Returns the q-quantile (0 <= q <= 1) of `values` with linear interpolation
// between order statistics; 0 for an empty vector.
double quantile(std::vector<double> values, double q);

inline double median(const std::vector<double>& values) { return quantile(values, 0.5); }

// Returns a[i] / b[i] for every i both have (pairs of interleaved trials).
std::vector<double> pairwise_ratios(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace ptlabs::grader
