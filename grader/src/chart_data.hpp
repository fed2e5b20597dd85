// Chart data as perf checks record it (PerfResult::data, `perf[].data` in the JSON
// report), so the HTML report, and any later reader of a JSON report, can draw it:
//
//   {"charts": [CHART, ...]}
//   CHART = {"id": "...", "kind": "lines", "title", "x_label", "y_label",
//            "series": [{"name", "color", "dashed", "points": [[x, y], ...]}]}
//         | {"id": "...", "kind": "bars", "title", "y_label",
//            "groups": [{"name", "bars": [{"name", "value", "color"}]}]}
//         | {"id": "...", "kind": "lanes", "title", "x_label",
//            "groups": [{"name", "color", "lanes": [{"name", "spans": [[start, end], ...]}]}]}
//
// Charts of one lab with the same id are one chart: a later one adds its series
// (lines, by name) or groups (bars, lanes) to the first. Reading never throws:
// a malformed chart or entry is skipped.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "svg_chart.hpp"

namespace ptlabs::grader {

using AnyChart = std::variant<svg::LineChart, svg::BarChart, svg::LaneChart>;

struct ChartSpec {
  std::string id;
  AnyChart chart;
};

// Returns the JSON of one chart, as above.
nlohmann::json chart_json(const std::string& id, const AnyChart& chart);

// Appends a chart to `data` (made an object with "charts" if it is not one yet).
void add_chart(nlohmann::json* data, const std::string& id, const AnyChart& chart);

// Returns the charts of `data` documents in order, those with the same id merged.
std::vector<ChartSpec> read_charts(const std::vector<const nlohmann::json*>& data);

// Returns the SVG of a chart.
std::string render_chart(const AnyChart& chart);

}  // namespace ptlabs::grader
