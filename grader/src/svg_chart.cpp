#include "svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace ptlabs::grader::svg {
namespace {

constexpr double kWidth = 760;
constexpr double kLeft = 64;     // room for the y tick labels and the y label
constexpr double kLegend = 220;  // the legend column on the right
constexpr double kTop = 40;      // the title
constexpr double kBottom = 48;   // the x tick labels and the x label
constexpr double kChartHeight = 300;
constexpr int kTicks = 5;
constexpr const char* kFont = "font-family=\"system-ui, sans-serif\" font-size=\"12\"";

// A coordinate with one decimal: enough for the screen, short in the file.
std::string num(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

std::string open_svg(double height, const std::string& title) {
  const std::string h = num(height);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" + num(kWidth) +
         "\" height=\"" + h + "\" viewBox=\"0 0 " + num(kWidth) + " " + h +
         "\" role=\"img\" aria-label=\"" + escape(title) + "\" " + kFont + ">\n<title>" +
         escape(title) + "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n" +
         "<text x=\"" + num(kWidth / 2) +
         "\" y=\"22\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">" +
         escape(title) + "</text>\n";
}

std::string text_at(double x, double y, const std::string& text, const char* anchor,
                    const std::string& extra = "") {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\"" + extra +
         ">" + escape(text) + "</text>\n";
}

std::string line(double x1, double y1, double x2, double y2, const std::string& stroke,
                 const std::string& extra = "") {
  return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" +
         num(y2) + "\" stroke=\"" + stroke + "\"" + extra + "/>\n";
}

std::string rect(double x, double y, double w, double h, const std::string& fill,
                 const std::string& extra = "") {
  return "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(std::max(w, 0.0)) +
         "\" height=\"" + num(std::max(h, 0.0)) + "\" fill=\"" + fill + "\"" + extra + "/>\n";
}

std::string colour_or(const std::string& colour, std::size_t index) {
  return colour.empty() ? palette_colour(index) : escape(colour);
}

// Horizontal grid lines and labels of the y axis, and the axis itself.
std::string y_axis(const std::vector<double>& ticks, const Scale& y, double x0, double x1,
                   const std::string& label) {
  std::string out;
  for (double t : ticks) {
    out += line(x0, y(t), x1, y(t), "#e5e7eb");
    out += text_at(x0 - 6, y(t) + 4, format_number(t), "end");
  }
  out += line(x0, y(ticks.front()), x0, y(ticks.back()), "#374151");
  const double middle = (y(ticks.front()) + y(ticks.back())) / 2;
  out += "<text transform=\"translate(16 " + num(middle) +
         ") rotate(-90)\" text-anchor=\"middle\">" + escape(label) + "</text>\n";
  return out;
}

// Tick marks and labels of an x axis at height `y0`, and the axis itself.
std::string x_axis(const std::vector<double>& ticks, const Scale& x, double y0, double grid_top,
                   const std::string& label) {
  std::string out;
  for (double t : ticks) {
    if (grid_top < y0) out += line(x(t), grid_top, x(t), y0, "#e5e7eb");
    out += line(x(t), y0, x(t), y0 + 4, "#374151");
    out += text_at(x(t), y0 + 17, format_number(t), "middle");
  }
  out += line(x(ticks.front()), y0, x(ticks.back()), y0, "#374151");
  out += text_at((x(ticks.front()) + x(ticks.back())) / 2, y0 + 36, label, "middle");
  return out;
}

std::string legend_entry(double y, const std::string& colour, const std::string& name,
                         bool dashed) {
  const double x = kWidth - kLegend + 12;
  return line(x, y - 4, x + 22, y - 4, colour,
              std::string(" stroke-width=\"3\"") + (dashed ? " stroke-dasharray=\"6 4\"" : "")) +
         text_at(x + 28, y, name, "start");
}

std::string legend_box(double y, const std::string& colour, const std::string& name) {
  const double x = kWidth - kLegend + 12;
  return rect(x, y - 10, 12, 12, colour) + text_at(x + 18, y, name, "start");
}

double max_or(double value, double fallback) { return value > 0 ? value : fallback; }

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        if (c == 0x7f) break;
        out += c;
    }
  }
  return out;
}

std::vector<double> nice_ticks(double lo, double hi, int max_ticks) {
  if (!std::isfinite(lo)) lo = 0;
  if (!std::isfinite(hi) || hi <= lo) hi = lo + 1;
  max_ticks = std::max(max_ticks, 1);
  const double rough = (hi - lo) / max_ticks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
  double step = 10 * magnitude;
  for (double factor : {1.0, 2.0, 2.5, 5.0}) {
    if (factor * magnitude >= rough) {
      step = factor * magnitude;
      break;
    }
  }
  const double first = std::floor(lo / step + 1e-9) * step;
  const double last = std::ceil(hi / step - 1e-9) * step;
  std::vector<double> ticks;
  for (int i = 0; first + i * step <= last + step * 1e-6; ++i) {
    const double t = first + i * step;
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  }
  return ticks;
}

std::string format_number(double value) {
  if (std::abs(value) < 1e-12) return "0";
  char buffer[32];
  if (std::abs(value) >= 1e4 && std::abs(value) < 1e12) {
    std::snprintf(buffer, sizeof buffer, "%.0f", value);  // 65536, not 6.554e+04
    return buffer;
  }
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}

double Scale::operator()(double value) const {
  if (d1 == d0) return (r0 + r1) / 2;
  return r0 + (value - d0) * (r1 - r0) / (d1 - d0);
}

std::string palette_colour(std::size_t index) {
  static const char* const kPalette[] = {"#2563eb", "#ea580c", "#16a34a", "#9333ea",
                                         "#6b7280", "#db2777", "#0891b2", "#ca8a04"};
  return kPalette[index % (sizeof kPalette / sizeof kPalette[0])];
}

std::string line_chart(const LineChart& chart) {
  double max_x = 0, max_y = 0;
  for (const auto& s : chart.series) {
    for (const auto& p : s.points) {
      max_x = std::max(max_x, p.x);
      max_y = std::max(max_y, p.y);
    }
  }
  // Whole-number x values (workers, say) get whole-number ticks.
  bool whole = true;
  for (const auto& s : chart.series) {
    for (const auto& p : s.points) whole = whole && p.x == std::floor(p.x);
  }
  const auto x_ticks = whole && max_x <= kTicks
                           ? nice_ticks(0, max_or(max_x, 1), static_cast<int>(max_or(max_x, 1)))
                           : nice_ticks(0, max_or(max_x, 1), kTicks);
  const auto y_ticks = nice_ticks(0, max_or(max_y, 1), kTicks);
  const double x0 = kLeft, x1 = kWidth - kLegend, y0 = kChartHeight - kBottom, y1 = kTop;
  const Scale x{x_ticks.front(), x_ticks.back(), x0, x1};
  const Scale y{y_ticks.front(), y_ticks.back(), y0, y1};

  std::string out = open_svg(kChartHeight, chart.title);
  out += y_axis(y_ticks, y, x0, x1, chart.y_label);
  out += x_axis(x_ticks, x, y0, y0, chart.x_label);
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    const auto& s = chart.series[i];
    const std::string colour = colour_or(s.colour, i);
    std::string points;
    for (const auto& p : s.points)
      points += (points.empty() ? "" : " ") + num(x(p.x)) + "," + num(y(p.y));
    out += "<g class=\"series\"><title>" + escape(s.name) + "</title>\n";
    out += "<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\"" +
           (s.dashed ? " stroke-dasharray=\"6 4\"" : "") + " points=\"" + points + "\"/>\n";
    if (!s.dashed) {
      for (const auto& p : s.points) {
        out += "<circle cx=\"" + num(x(p.x)) + "\" cy=\"" + num(y(p.y)) + "\" r=\"3.5\" fill=\"" +
               colour + "\"><title>" + escape(s.name) + ": " + format_number(p.x) + ", " +
               format_number(p.y) + "</title></circle>\n";
      }
    }
    out += "</g>\n";
    out += legend_entry(kTop + 12 + 18 * static_cast<double>(i), colour, s.name, s.dashed);
  }
  return out + "</svg>\n";
}

std::string bar_chart(const BarChart& chart) {
  double max_value = 0;
  std::vector<std::string> names;  // legend order: first appearance
  for (const auto& g : chart.groups) {
    for (const auto& b : g.bars) {
      max_value = std::max(max_value, b.value);
      if (std::find(names.begin(), names.end(), b.name) == names.end()) names.push_back(b.name);
    }
  }
  std::map<std::string, std::string> colours;
  for (std::size_t i = 0; i < names.size(); ++i) colours[names[i]] = palette_colour(i);
  for (const auto& g : chart.groups) {
    for (const auto& b : g.bars) {
      if (!b.colour.empty()) colours[b.name] = escape(b.colour);
    }
  }
  const auto y_ticks = nice_ticks(0, max_or(max_value, 1), kTicks);
  const double x0 = kLeft, x1 = kWidth - kLegend, y0 = kChartHeight - kBottom, y1 = kTop;
  const Scale y{y_ticks.front(), y_ticks.back(), y0, y1};

  std::string out = open_svg(kChartHeight, chart.title);
  out += y_axis(y_ticks, y, x0, x1, chart.y_label);
  out += line(x0, y0, x1, y0, "#374151");
  const double group_width =
      (x1 - x0) / static_cast<double>(std::max<std::size_t>(chart.groups.size(), 1));
  for (std::size_t g = 0; g < chart.groups.size(); ++g) {
    const auto& group = chart.groups[g];
    const double left = x0 + group_width * static_cast<double>(g);
    const double bar_width =
        group_width * 0.7 / static_cast<double>(std::max<std::size_t>(group.bars.size(), 1));
    for (std::size_t b = 0; b < group.bars.size(); ++b) {
      const auto& bar = group.bars[b];
      const double bx = left + group_width * 0.15 + bar_width * static_cast<double>(b);
      const double top = y(std::max(bar.value, 0.0));
      out += "<rect class=\"bar\" x=\"" + num(bx + 2) + "\" y=\"" + num(top) + "\" width=\"" +
             num(std::max(bar_width - 4, 1.0)) + "\" height=\"" + num(std::max(y0 - top, 0.0)) +
             "\" fill=\"" + colours[bar.name] + "\"><title>" +
             escape(group.name + ", " + bar.name + ": " + format_number(bar.value)) +
             "</title></rect>\n";
      out += text_at(bx + bar_width / 2, top - 4, format_number(bar.value), "middle");
    }
    out += text_at(left + group_width / 2, y0 + 17, group.name, "middle");
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += legend_box(kTop + 12 + 18 * static_cast<double>(i), colours[names[i]], names[i]);
  }
  return out + "</svg>\n";
}

std::string lane_chart(const LaneChart& chart) {
  constexpr double kLaneLeft = 150;  // lane names
  constexpr double kRow = 18, kBarHeight = 12, kHeader = 22;
  double max_end = 0;
  std::size_t rows = 0;
  for (const auto& g : chart.groups) {
    rows += g.lanes.size();
    for (const auto& lane : g.lanes) {
      for (const auto& s : lane.spans) max_end = std::max(max_end, s.end);
    }
  }
  const double body =
      kHeader * static_cast<double>(chart.groups.size()) + kRow * static_cast<double>(rows);
  const double y_axis_at = kTop + body + 4;
  const double height = y_axis_at + kBottom;
  const auto ticks = nice_ticks(0, max_or(max_end, 1), 6);
  const Scale x{ticks.front(), ticks.back(), kLaneLeft, kWidth - 16};

  std::string out = open_svg(height, chart.title);
  out += x_axis(ticks, x, y_axis_at, kTop, chart.x_label);
  double row_y = kTop;
  for (std::size_t g = 0; g < chart.groups.size(); ++g) {
    const auto& group = chart.groups[g];
    const std::string colour = colour_or(group.colour, g);
    out += text_at(8, row_y + 15, group.name, "start", " font-weight=\"bold\"");
    row_y += kHeader;
    for (const auto& lane : group.lanes) {
      out += text_at(kLaneLeft - 8, row_y + kBarHeight, lane.name, "end");
      // A thin white edge keeps back-to-back spans (one call after another) apart.
      out += "<g class=\"lane\" fill=\"" + colour +
             "\" stroke=\"#ffffff\" stroke-width=\"0.6\"><title>" +
             escape(group.name + ", " + lane.name) + "</title>\n";
      for (const auto& s : lane.spans) {
        // A span too short to see still gets a sliver, so every call shows.
        const double w = std::max(x(s.end) - x(s.start), 0.8);
        out += "<rect x=\"" + num(x(s.start)) + "\" y=\"" + num(row_y + 2) + "\" width=\"" +
               num(w) + "\" height=\"" + num(kBarHeight) + "\"/>\n";
      }
      out += "</g>\n";
      row_y += kRow;
    }
  }
  return out + "</svg>\n";
}

}  // namespace ptlabs::grader::svg
