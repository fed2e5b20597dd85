#include "svg_chart.hpp"

#include <gtest/gtest.h>

#include <string>

#include "chart_data.hpp"

namespace ptlabs::grader::svg {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(SvgEscape, EntitiesForMarkupAndNoControlCharacters) {
  EXPECT_EQ(escape("<script>alert('x&y')</script>"),
            "&lt;script&gt;alert(&#39;x&amp;y&#39;)&lt;/script&gt;");
  EXPECT_EQ(escape("say \"hi\""), "say &quot;hi&quot;");
  EXPECT_EQ(escape(std::string("a\x01"
                               "b\x1b[31mc\x7f",
                               10)),
            "ab[31mc");
  EXPECT_EQ(escape("tab\tline\nend\r"), "tab\tline\nend\r");
}

TEST(NiceTicks, RoundStepsCoveringTheRange) {
  const struct {
    double lo, hi;
    int max;
    std::vector<double> want;
  } cases[] = {
      {0, 1.87, 5, {0, 0.5, 1, 1.5, 2}},
      {0, 10, 5, {0, 2, 4, 6, 8, 10}},
      {0, 0.3, 5, {0, 0.1, 0.2, 0.3}},
      {0, 1234, 5, {0, 250, 500, 750, 1000, 1250}},
      {0, 0, 5, {0, 0.2, 0.4, 0.6, 0.8, 1}},  // empty range: widened to a unit
      {3, 7, 4, {3, 4, 5, 6, 7}},
  };
  for (const auto& c : cases) {
    const auto ticks = nice_ticks(c.lo, c.hi, c.max);
    ASSERT_EQ(ticks.size(), c.want.size()) << c.lo << ".." << c.hi;
    for (std::size_t i = 0; i < ticks.size(); ++i) {
      EXPECT_NEAR(ticks[i], c.want[i], 1e-9) << c.lo << ".." << c.hi << " tick " << i;
    }
  }
}

TEST(FormatNumber, ShortAndNeverNegativeZero) {
  EXPECT_EQ(format_number(0.5), "0.5");
  EXPECT_EQ(format_number(2), "2");
  EXPECT_EQ(format_number(1234.5678), "1235");
  EXPECT_EQ(format_number(65858.4), "65858") << "no exponent for whole numbers";
  EXPECT_EQ(format_number(-0.0), "0");
  EXPECT_EQ(format_number(1e-15), "0");
}

TEST(Scale, MapsLinearlyAndCentresAnEmptyDomain) {
  const Scale s{0, 10, 100, 200};
  EXPECT_DOUBLE_EQ(s(0), 100);
  EXPECT_DOUBLE_EQ(s(5), 150);
  EXPECT_DOUBLE_EQ(s(10), 200);
  const Scale flipped{0, 2, 252, 40};  // a y axis: larger values higher up
  EXPECT_DOUBLE_EQ(flipped(1), 146);
  EXPECT_DOUBLE_EQ((Scale{3, 3, 0, 10}(3)), 5);
}

TEST(LineChart, APolylineAndMarkersPerSeriesAndALegend) {
  LineChart chart{
      "Speedup <fast>",
      "workers",
      "speedup",
      {{"threads", {{1, 1}, {2, 1.9}}, "", false}, {"ideal", {{1, 1}, {2, 2}}, "#6b7280", true}}};
  const std::string svg = line_chart(chart);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u) << svg;
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_EQ(count(svg, "<polyline"), 2u);
  EXPECT_EQ(count(svg, "<circle"), 2u) << "markers on measured points, not on the ideal line";
  EXPECT_EQ(count(svg, "stroke-dasharray"), 2u) << "the dashed line and its legend entry";
  EXPECT_NE(svg.find("Speedup &lt;fast&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("<fast>"), std::string::npos);
  EXPECT_NE(svg.find(">threads</text>"), std::string::npos) << "legend";
  // Axes from 0 to 2 on both sides: x = 2 is the right end of the plot (760 - 220).
  EXPECT_NE(svg.find("points=\"302.0,146.0 540.0,"), std::string::npos) << svg;  // (1, 1)
  EXPECT_NE(svg.find("cx=\"540.0\""), std::string::npos) << svg;
  // Whole workers, whole ticks: x tick labels sit at y = 252 + 17.
  EXPECT_NE(svg.find("<text x=\"302.0\" y=\"269.0\" text-anchor=\"middle\">1</text>"),
            std::string::npos)
      << svg;
  EXPECT_EQ(svg.find("y=\"269.0\" text-anchor=\"middle\">0.5</text>"), std::string::npos);
}

TEST(BarChart, BarHeightsFollowTheValues) {
  BarChart chart{"Time",
                 "seconds",
                 {{"wall", {{"threads", 1.0, ""}, {"processes", 2.0, ""}}},
                  {"cpu", {{"threads", 0.5, ""}, {"processes", 1.5, ""}}}}};
  const std::string svg = bar_chart(chart);
  EXPECT_EQ(count(svg, "<rect class=\"bar\""), 4u);
  // y runs from 252 (0) to 40 (2): 1 second is 106 high, 2 seconds 212.
  EXPECT_NE(svg.find("height=\"106.0\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("height=\"212.0\""), std::string::npos) << svg;
  EXPECT_EQ(count(svg, ">threads</text>"), 1u) << "one legend entry per bar name";
  EXPECT_NE(svg.find(">wall</text>"), std::string::npos);
}

TEST(LaneChart, ARectanglePerSpanAndARowPerLane) {
  LaneChart chart{"Calls",
                  "ms",
                  {{"threads", {{"worker 0", {{0, 10}, {20, 30}}}, {"worker 1", {{10, 20}}}}, ""},
                   {"processes", {{"worker 0", {{0, 15}}}}, ""}}};
  const std::string svg = lane_chart(chart);
  EXPECT_EQ(count(svg, "<g class=\"lane\""), 3u);
  EXPECT_EQ(count(svg, "height=\"12.0\""), 4u) << "one rectangle per span";
  EXPECT_NE(svg.find(">processes</text>"), std::string::npos);
  EXPECT_NE(svg.find(">worker 1</text>"), std::string::npos);
  // Three lanes and two group headers make the chart taller than one lane would.
  const std::string one = lane_chart({"Calls", "ms", {{"t", {{"w", {{0, 1}}}}, ""}}});
  EXPECT_LT(one.size(), svg.size());
}

TEST(ChartData, RoundTripsAndMergesChartsWithTheSameId) {
  nlohmann::json a, b;
  add_chart(&a, "speedup",
            LineChart{"S", "workers", "x", {{"threads, python", {{1, 1}, {2, 1}}, "", false}}});
  add_chart(&b, "speedup",
            LineChart{"S", "workers", "x", {{"threads, native", {{1, 1}, {2, 2}}, "", false}}});
  add_chart(&b, "bars", BarChart{"B", "s", {{"g", {{"threads", 1, ""}}}}});
  const auto charts = read_charts({&a, &b});
  ASSERT_EQ(charts.size(), 2u);
  EXPECT_EQ(charts[0].id, "speedup");
  const auto& lines = std::get<LineChart>(charts[0].chart);
  ASSERT_EQ(lines.series.size(), 2u);
  EXPECT_EQ(lines.series[1].name, "threads, native");
  EXPECT_DOUBLE_EQ(lines.series[1].points[1].y, 2);
  EXPECT_EQ(std::get<BarChart>(charts[1].chart).groups[0].bars[0].name, "threads");
}

TEST(ChartData, MalformedChartsAreSkippedNotThrown) {
  const nlohmann::json data = nlohmann::json::parse(R"({"charts": [
      {"kind": "pie"}, 7, {"kind": "lines", "series": [{"points": [[1], "x", [1, 2]]}]},
      {"kind": "lanes", "groups": "no"}]})");
  const auto charts = read_charts({&data, nullptr});
  ASSERT_EQ(charts.size(), 2u);
  const auto& lines = std::get<LineChart>(charts[0].chart);
  ASSERT_EQ(lines.series.size(), 1u);
  EXPECT_EQ(lines.series[0].points.size(), 1u) << "only [1, 2] is a point";
  EXPECT_TRUE(std::get<LaneChart>(charts[1].chart).groups.empty());
  const nlohmann::json null;
  EXPECT_TRUE(read_charts({&null}).empty());
}

}  // namespace
}  // namespace ptlabs::grader::svg
