// Hand-written SVG charts for the HTML report: line charts, grouped bars and
// timeline lanes, plus the small pieces they are made of (escaping, nice tick
// values, linear scales).
//
// Pure functions of their arguments: no state, no I/O, safe from any thread.
// Every piece of text that comes from outside (names, titles) is escaped, so a
// chart can never inject markup into the page that embeds it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ptlabs::grader::svg {

// Returns `text` safe inside XML/HTML text and quoted attributes: & < > " '
// become entities; control characters other than tab, newline and carriage
// return are dropped (they are not allowed in XML).
std::string escape(std::string_view text);

// Returns round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) that
// cover [lo, hi], at most about `max_ticks` + 1 of them, the first <= lo and the
// last >= hi. An empty or reversed range is widened to a unit around lo.
std::vector<double> nice_ticks(double lo, double hi, int max_ticks);

// Returns a short label for a tick or a value: up to 4 significant digits (whole
// numbers from 10000 on), no trailing zeros, never "-0".
std::string format_number(double value);

// Maps [d0, d1] linearly onto [r0, r1]; a zero-width domain maps to the middle.
struct Scale {
  double d0 = 0, d1 = 1, r0 = 0, r1 = 1;
  double operator()(double value) const;
};

// Colours: one per series, bar or lane group; an empty colour takes the palette's
// colour for the item's position.
std::string palette_colour(std::size_t index);

struct Point {
  double x = 0, y = 0;
};

struct Series {
  std::string name;
  std::vector<Point> points;
  std::string colour;
  bool dashed = false;  // e.g. an "ideal" reference line
};

struct LineChart {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<Series> series;
};

// A line chart with axes, ticks, a marker on every point and a legend. The axes
// start at 0 and reach past the largest value.
std::string line_chart(const LineChart& chart);

struct Bar {
  std::string name;  // the legend entry; bars with the same name share a colour
  double value = 0;
  std::string colour;
};

struct BarGroup {
  std::string name;  // the label under the group
  std::vector<Bar> bars;
};

struct BarChart {
  std::string title;
  std::string y_label;
  std::vector<BarGroup> groups;
};

// Vertical bars in groups, each bar labelled with its value, a legend of bar names.
std::string bar_chart(const BarChart& chart);

struct Span {
  double start = 0, end = 0;
};

struct Lane {
  std::string name;
  std::vector<Span> spans;
};

struct LaneGroup {
  std::string name;
  std::vector<Lane> lanes;
  std::string colour;
};

struct LaneChart {
  std::string title;
  std::string x_label;
  std::vector<LaneGroup> groups;
};

// Timeline lanes: one row per lane, a rectangle per span, groups stacked under
// their names on one shared time axis (so groups can be compared by eye).
std::string lane_chart(const LaneChart& chart);

}  // namespace ptlabs::grader::svg
