#include "chart_data.hpp"

#include <algorithm>
#include <cmath>

namespace ptlabs::grader {
namespace {

using nlohmann::json;

json pair_json(double a, double b) { return json::array({a, b}); }

json line_json(const svg::LineChart& c) {
  json series = json::array();
  for (const auto& s : c.series) {
    json points = json::array();
    for (const auto& p : s.points) points.push_back(pair_json(p.x, p.y));
    series.push_back(
        {{"name", s.name}, {"color", s.colour}, {"dashed", s.dashed}, {"points", points}});
  }
  return {{"kind", "lines"},
          {"title", c.title},
          {"x_label", c.x_label},
          {"y_label", c.y_label},
          {"series", series}};
}

json bar_json(const svg::BarChart& c) {
  json groups = json::array();
  for (const auto& g : c.groups) {
    json bars = json::array();
    for (const auto& b : g.bars) {
      bars.push_back({{"name", b.name}, {"value", b.value}, {"color", b.colour}});
    }
    groups.push_back({{"name", g.name}, {"bars", bars}});
  }
  return {{"kind", "bars"}, {"title", c.title}, {"y_label", c.y_label}, {"groups", groups}};
}

json lane_json(const svg::LaneChart& c) {
  json groups = json::array();
  for (const auto& g : c.groups) {
    json lanes = json::array();
    for (const auto& lane : g.lanes) {
      json spans = json::array();
      for (const auto& s : lane.spans) spans.push_back(pair_json(s.start, s.end));
      lanes.push_back({{"name", lane.name}, {"spans", spans}});
    }
    groups.push_back({{"name", g.name}, {"color", g.colour}, {"lanes", lanes}});
  }
  return {{"kind", "lanes"}, {"title", c.title}, {"x_label", c.x_label}, {"groups", groups}};
}

// Reading: every accessor tolerates a missing or mistyped field.
std::string text(const json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

double number(const json& j) {
  if (!j.is_number()) return 0;
  const double value = j.get<double>();
  return std::isfinite(value) ? value : 0;
}

const json& array(const json& j, const char* key) {
  static const json kEmpty = json::array();
  if (!j.is_object()) return kEmpty;
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : kEmpty;
}

bool read_pair(const json& j, double* a, double* b) {
  if (!j.is_array() || j.size() != 2 || !j[0].is_number() || !j[1].is_number()) return false;
  *a = number(j[0]);
  *b = number(j[1]);
  return true;
}

svg::LineChart read_lines(const json& j) {
  svg::LineChart c{text(j, "title"), text(j, "x_label"), text(j, "y_label"), {}};
  for (const auto& s : array(j, "series")) {
    svg::Series series{text(s, "name"), {}, text(s, "color"), false};
    series.dashed = s.is_object() && s.value("dashed", false);
    for (const auto& p : array(s, "points")) {
      svg::Point point;
      if (read_pair(p, &point.x, &point.y)) series.points.push_back(point);
    }
    c.series.push_back(std::move(series));
  }
  return c;
}

svg::BarChart read_bars(const json& j) {
  svg::BarChart c{text(j, "title"), text(j, "y_label"), {}};
  for (const auto& g : array(j, "groups")) {
    svg::BarGroup group{text(g, "name"), {}};
    for (const auto& b : array(g, "bars")) {
      if (!b.is_object()) continue;
      group.bars.push_back({text(b, "name"), number(b.value("value", json())), text(b, "color")});
    }
    c.groups.push_back(std::move(group));
  }
  return c;
}

svg::LaneChart read_lanes(const json& j) {
  svg::LaneChart c{text(j, "title"), text(j, "x_label"), {}};
  for (const auto& g : array(j, "groups")) {
    svg::LaneGroup group{text(g, "name"), {}, text(g, "color")};
    for (const auto& l : array(g, "lanes")) {
      svg::Lane lane{text(l, "name"), {}};
      for (const auto& s : array(l, "spans")) {
        svg::Span span;
        if (read_pair(s, &span.start, &span.end)) lane.spans.push_back(span);
      }
      group.lanes.push_back(std::move(lane));
    }
    c.groups.push_back(std::move(group));
  }
  return c;
}

bool read_chart(const json& j, AnyChart* out) {
  const std::string kind = text(j, "kind");
  if (kind == "lines")
    *out = read_lines(j);
  else if (kind == "bars")
    *out = read_bars(j);
  else if (kind == "lanes")
    *out = read_lanes(j);
  else
    return false;
  return true;
}

// Adds what `more` has to `into`, when both are charts of the same kind.
void merge(AnyChart* into, const AnyChart& more) {
  if (into->index() != more.index()) return;
  if (auto* lines = std::get_if<svg::LineChart>(into)) {
    for (const auto& s : std::get<svg::LineChart>(more).series) {
      const bool known = std::any_of(lines->series.begin(), lines->series.end(),
                                     [&](const svg::Series& t) { return t.name == s.name; });
      if (!known) lines->series.push_back(s);
    }
  } else if (auto* bars = std::get_if<svg::BarChart>(into)) {
    const auto& groups = std::get<svg::BarChart>(more).groups;
    bars->groups.insert(bars->groups.end(), groups.begin(), groups.end());
  } else if (auto* lanes = std::get_if<svg::LaneChart>(into)) {
    const auto& groups = std::get<svg::LaneChart>(more).groups;
    lanes->groups.insert(lanes->groups.end(), groups.begin(), groups.end());
  }
}

}  // namespace

nlohmann::json chart_json(const std::string& id, const AnyChart& chart) {
  json out = std::visit(
      [](const auto& c) -> json {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, svg::LineChart>)
          return line_json(c);
        else if constexpr (std::is_same_v<T, svg::BarChart>)
          return bar_json(c);
        else
          return lane_json(c);
      },
      chart);
  out["id"] = id;
  return out;
}

void add_chart(nlohmann::json* data, const std::string& id, const AnyChart& chart) {
  if (!data->is_object()) *data = json::object();
  if (!data->contains("charts") || !(*data)["charts"].is_array()) {
    (*data)["charts"] = json::array();
  }
  (*data)["charts"].push_back(chart_json(id, chart));
}

std::vector<ChartSpec> read_charts(const std::vector<const nlohmann::json*>& data) {
  std::vector<ChartSpec> charts;
  for (const json* d : data) {
    if (d == nullptr) continue;
    for (const auto& j : array(*d, "charts")) {
      AnyChart chart;
      if (!read_chart(j, &chart)) continue;
      const std::string id = text(j, "id");
      auto same = std::find_if(charts.begin(), charts.end(),
                               [&](const ChartSpec& c) { return !id.empty() && c.id == id; });
      if (same != charts.end()) {
        merge(&same->chart, chart);
      } else {
        charts.push_back({id, std::move(chart)});
      }
    }
  }
  return charts;
}

std::string render_chart(const AnyChart& chart) {
  return std::visit(
      [](const auto& c) -> std::string {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, svg::LineChart>)
          return svg::line_chart(c);
        else if constexpr (std::is_same_v<T, svg::BarChart>)
          return svg::bar_chart(c);
        else
          return svg::lane_chart(c);
      },
      chart);
}

}  // namespace ptlabs::grader
