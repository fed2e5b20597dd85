// The class summary page (summary.html): who struggled with what, at a glance.
// Self-contained: inline CSS and SVG, no script, every piece of text escaped
// (student ids and check names come from outside).
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>

#include "gradebook.hpp"
#include "svg_chart.hpp"

namespace ptlabs::grader {
namespace {

using svg::escape;

// Percent-encodes everything but unreserved characters, for a link to students/<id>/.
std::string url_segment(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

std::string fixed(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

// Ten bars, one per 10% of the maximum score, with the count above each.
std::string histogram_svg(const std::vector<int>& bins) {
  const int width = 560, height = 220, left = 36, bottom = 30, top = 16;
  int highest = 1;
  for (int count : bins) highest = std::max(highest, count);
  const double bar = static_cast<double>(width - left - 10) / static_cast<double>(bins.size());
  const double scale = static_cast<double>(height - bottom - top) / highest;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
                    "\" height=\"" + std::to_string(height) +
                    "\" role=\"img\" aria-label=\"score histogram\">\n";
  svg += "<line x1=\"" + std::to_string(left) + "\" y1=\"" + std::to_string(height - bottom) +
         "\" x2=\"" + std::to_string(width - 10) + "\" y2=\"" + std::to_string(height - bottom) +
         "\" stroke=\"#555\"/>\n";
  for (std::size_t i = 0; i < bins.size(); ++i) {
    const double x = left + bar * static_cast<double>(i);
    const double h = bins[i] * scale;
    const double y = height - bottom - h;
    svg += "<rect class=\"bar\" x=\"" + fixed(x + 3, 1) + "\" y=\"" + fixed(y, 1) + "\" width=\"" +
           fixed(bar - 6, 1) + "\" height=\"" + fixed(h, 1) + "\"><title>" +
           std::to_string(bins[i]) + " students scored " + std::to_string(i * 10) + "-" +
           std::to_string(i == bins.size() - 1 ? 100 : i * 10 + 9) + "%</title></rect>\n";
    svg += "<text x=\"" + fixed(x + bar / 2, 1) + "\" y=\"" + fixed(y - 4, 1) +
           "\" text-anchor=\"middle\">" + std::to_string(bins[i]) + "</text>\n";
    svg += "<text x=\"" + fixed(x + bar / 2, 1) + "\" y=\"" + std::to_string(height - 10) +
           "\" text-anchor=\"middle\">" + std::to_string(i * 10) + "%</text>\n";
  }
  return svg + "</svg>\n";
}

}  // namespace

std::string class_summary_html(const ClassSummary& summary) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<title>ptlabs class summary</title>\n<style>\n"
      "body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}\n"
      "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;"
      "padding:.3em .5em;text-align:left;vertical-align:top}\n"
      ".bar{fill:#4a7bd0}.rate{font-variant-numeric:tabular-nums}.meter{background:#eee;"
      "width:8em;height:.8em;display:inline-block}.meter span{background:#c0392b;height:100%;"
      "display:block}svg text{font-size:12px}.concept{color:#555;font-size:.9em}\n"
      "</style></head><body>\n<h1>Class summary</h1>\n";
  html += "<p>" + std::to_string(summary.students) + " submissions, " +
          std::to_string(summary.graded) + " graded. Mean " + fixed(summary.mean_percent, 1) +
          "%, median " + fixed(summary.median_percent, 1) + "% of " + fixed(summary.max_score, 0) +
          " points.</p>\n";
  html += "<p>";
  for (const auto& [status, count] : summary.status) {
    html += "<strong>" + escape(status) + "</strong>: " + std::to_string(count) + " &nbsp; ";
  }
  html += "</p>\n<h2>Scores</h2>\n" + histogram_svg(summary.histogram);
  html +=
      "<h2>Checks the class struggles with</h2>\n<p>Failure rate among graded students who "
      "submitted the lab, worst first.</p>\n<table><tr><th>failed</th><th>check</th>"
      "<th>lab and concept</th></tr>\n";
  for (const auto& check : summary.checks) {
    const double percent = 100 * check.rate();
    html +=
        "<tr><td class=\"rate\"><span class=\"meter\"><span style=\"width:" + fixed(percent, 0) +
        "%\"></span></span> " + fixed(percent, 0) + "% (" + std::to_string(check.failures) + "/" +
        std::to_string(check.attempts) + ")</td><td>" + escape(check.check) + "</td><td>" +
        escape(check.lab_id) + "<div class=\"concept\">" + escape(check.teaches) +
        "</div></td></tr>\n";
  }
  html +=
      "</table>\n<h2>Students</h2>\n<table><tr><th>student</th><th>total</th>"
      "<th>status</th><th>detail</th></tr>\n";
  for (const auto& row : summary.rows) {
    const std::string name = escape(row.id);
    html += "<tr><td>" +
            (row.total ? "<a href=\"students/" + escape(url_segment(row.id)) + "/report.html\">" +
                             name + "</a>"
                       : name) +
            "</td><td>" + (row.total ? fixed(*row.total, 1) : std::string()) + "</td><td>" +
            escape(row.status) + "</td><td>" + escape(row.detail) + "</td></tr>\n";
  }
  return html + "</table>\n</body></html>\n";
}

}  // namespace ptlabs::grader
