#include "tools/report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace phantom::report {

namespace {

// A colour-blind-safe qualitative palette (Okabe & Ito).
constexpr const char* kColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                    "#E69F00", "#56B4E9", "#000000"};

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else
      out += c;
  }
  return out;
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int count) {
  if (!(hi > lo)) hi = lo + 1;
  const double raw = (hi - lo) / std::max(count - 1, 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * magnitude >= raw) {
      step = m * magnitude;
      break;
    }
  std::vector<double> ticks;
  for (double t = std::floor(lo / step) * step; t <= hi + step * 1e-9; t += step)
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  return ticks;
}

std::string svg_line_chart(const Chart& c, int width, int height) {
  const double left = 64, right = 150, top = 34, bottom = 48;
  const double pw = width - left - right, ph = height - top - bottom;
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
  for (const Series& s : c.series)
    for (size_t i = 0; i < s.x.size(); ++i) {
      x0 = std::min(x0, s.x[i]), x1 = std::max(x1, s.x[i]);
      y0 = std::min({y0, s.y[i], s.lower.empty() ? s.y[i] : s.lower[i]});
      y1 = std::max({y1, s.y[i], s.upper.empty() ? s.y[i] : s.upper[i]});
    }
  if (!std::isfinite(x0)) x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  if (c.y_min) y0 = *c.y_min;
  if (c.y_max) y1 = *c.y_max;
  const std::vector<double> xt =
      c.x_tick_labels.empty() ? nice_ticks(x0, x1) : std::vector<double>{};
  const std::vector<double> yt = nice_ticks(y0, y1);
  if (!xt.empty()) x0 = std::min(x0, xt.front()), x1 = std::max(x1, xt.back());
  if (c.x_tick_labels.size() > 1) x0 = -0.25, x1 = double(c.x_tick_labels.size()) - 0.75;
  y0 = std::min(y0, yt.front()), y1 = std::max(y1, yt.back());
  if (x1 == x0) x0 -= 0.5, x1 += 0.5;
  auto px = [&](double x) { return left + (x - x0) / (x1 - x0) * pw; };
  auto py = [&](double y) { return top + (1 - (y - y0) / (y1 - y0)) * ph; };

  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
                  "\" height=\"" + std::to_string(height) +
                  "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  s += "<text x=\"" + number(width / 2.0) + "\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">" +
       escape(c.title) + "</text>\n";
  for (double t : yt) {
    s += "<line x1=\"" + number(left) + "\" x2=\"" + number(left + pw) + "\" y1=\"" +
         number(py(t)) + "\" y2=\"" + number(py(t)) + "\" stroke=\"#ddd\"/>\n";
    s += "<text x=\"" + number(left - 6) + "\" y=\"" + number(py(t) + 4) +
         "\" text-anchor=\"end\">" + number(t) + "</text>\n";
  }
  auto x_tick = [&](double x, const std::string& label) {
    s += "<line x1=\"" + number(px(x)) + "\" x2=\"" + number(px(x)) + "\" y1=\"" +
         number(top + ph) + "\" y2=\"" + number(top + ph + 4) + "\" stroke=\"#333\"/>\n";
    s += "<text x=\"" + number(px(x)) + "\" y=\"" + number(top + ph + 17) +
         "\" text-anchor=\"middle\">" + escape(label) + "</text>\n";
  };
  for (double t : xt) x_tick(t, number(t));
  for (size_t i = 0; i < c.x_tick_labels.size(); ++i) x_tick(double(i), c.x_tick_labels[i]);
  s += "<rect x=\"" + number(left) + "\" y=\"" + number(top) + "\" width=\"" + number(pw) +
       "\" height=\"" + number(ph) + "\" fill=\"none\" stroke=\"#333\"/>\n";
  s += "<text x=\"" + number(left + pw / 2) + "\" y=\"" + number(height - 8.0) +
       "\" text-anchor=\"middle\">" + escape(c.x_label) + "</text>\n";
  s += "<text transform=\"translate(16," + number(top + ph / 2) +
       ") rotate(-90)\" text-anchor=\"middle\">" + escape(c.y_label) + "</text>\n";

  for (size_t k = 0; k < c.series.size(); ++k) {
    const Series& se = c.series[k];
    const std::string colour = kColours[k % std::size(kColours)];
    std::string points;
    for (size_t i = 0; i < se.x.size(); ++i)
      points += number(px(se.x[i])) + "," + number(py(se.y[i])) + " ";
    s += "<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\" points=\"" + points +
         "\"/>\n";
    for (size_t i = 0; i < se.x.size(); ++i) {
      if (!se.lower.empty())
        s += "<line x1=\"" + number(px(se.x[i])) + "\" x2=\"" + number(px(se.x[i])) + "\" y1=\"" +
             number(py(se.lower[i])) + "\" y2=\"" + number(py(se.upper[i])) + "\" stroke=\"" +
             colour + "\" stroke-width=\"1.5\"/>\n";
      if (se.x.size() <= 30)
        s += "<circle cx=\"" + number(px(se.x[i])) + "\" cy=\"" + number(py(se.y[i])) +
             "\" r=\"3.5\" fill=\"" + colour + "\"/>\n";
    }
    const double ly = top + 14 + 18 * double(k);
    s += "<line x1=\"" + number(left + pw + 12) + "\" x2=\"" + number(left + pw + 32) + "\" y1=\"" +
         number(ly) + "\" y2=\"" + number(ly) + "\" stroke=\"" + colour +
         "\" stroke-width=\"2\"/>\n";
    s += "<text x=\"" + number(left + pw + 36) + "\" y=\"" + number(ly + 4) + "\">" +
         escape(se.name) + "</text>\n";
  }
  return s + "</svg>\n";
}

}  // namespace phantom::report
