#include "render/svg_chart.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "domain/text.hpp"

namespace barometer::render {
namespace {

// Room around the plot, in user units: y labels left, topic names right, tick labels below.
constexpr double kLeft = 40, kTop = 14, kBottom = 34;
constexpr double kMinRight = 120, kMaxRight = 330;   // room for the end labels, by their length
constexpr double kCharWidth = 7.2;                  // average advance of a 12.5px sans glyph
constexpr double kLabelGap = 15;          // minimum vertical distance between end labels
constexpr int kSeriesStyles = 6;           // chart__line--1..6 in the theme
constexpr int kMaxYTicks = 8;
constexpr double kMinGutter = 120, kMaxGutter = 300;  // row labels of the matrix
constexpr double kMatrixRow = 26, kMatrixHead = 22;
constexpr double kMinShapeCell = 5;        // narrower cells are drawn as plain bars

// Approximate width of `text` drawn at the labels' size: code points times an average advance.
double text_width(std::string_view text) {
  return double(utf8_length(text)) * kCharWidth;
}

std::string num(double v) {
  // As printf("%.1f") (both round correctly), without the locale and format parsing of printf:
  // a ten-year chart writes tens of thousands of coordinates.
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 1);
  std::string s = ec == std::errc() ? std::string(buf, end) : std::string("0");
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s == "-0" ? "0" : s;
}

void open_svg(std::string& out, const std::string& id, const std::string& cls, double w, double h,
              const std::string& title, const std::string& description) {
  out += "<svg class=\"" + cls + "\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(w) + " " + num(h) +
         "\" role=\"img\" aria-labelledby=\"" + id + "-title " + id + "-desc\" focusable=\"false\">";
  out += "<title id=\"" + id + "-title\">" + html_escape(title) + "</title>";
  out += "<desc id=\"" + id + "-desc\">" + html_escape(description) + "</desc>";
}

// Points of a triangle (up or down) or square centred at (x, y) with half-size r.
std::string shape(std::optional<Assessment> a, double x, double y, double r, const std::string& cls) {
  if (!a || *a == Assessment::unchanged) {
    const double s = a ? r * 0.8 : r * 0.75;  // squares look bigger than triangles of equal size
    return "<rect class=\"" + cls + "\" x=\"" + num(x - s) + "\" y=\"" + num(y - s) + "\" width=\"" + num(2 * s) +
           "\" height=\"" + num(2 * s) + "\"/>";
  }
  const double dir = *a == Assessment::better ? -1 : 1;  // better points up
  return "<path class=\"" + cls + "\" d=\"M" + num(x) + " " + num(y + dir * r) + "L" + num(x - r) + " " +
         num(y - dir * r * 0.8) + "L" + num(x + r) + " " + num(y - dir * r * 0.8) + "Z\"/>";
}

std::string cell_class(std::optional<Assessment> a) {
  return a ? "matrix__cell matrix__cell--" + std::string(to_string(*a)) : std::string("matrix__cell matrix__cell--none");
}

std::string style_of(const IndexSeries& s, std::size_t position) {
  const int style = s.style >= 1 && s.style <= kSeriesStyles ? s.style : static_cast<int>(position % kSeriesStyles) + 1;
  return std::to_string(style);
}

}  // namespace

int nice_step(int span, int max_ticks) {
  if (span <= 0 || max_ticks <= 0) return 1;
  for (long long magnitude = 1;; magnitude *= 10)
    for (int m : {1, 2, 5})
      if (span / (m * magnitude) <= max_ticks) return static_cast<int>(m * magnitude);
}

std::string index_chart_svg(const IndexChart& chart) {
  const double w = chart.width, h = chart.height;
  const std::size_t n = chart.periods;
  double widest = 0;
  for (const auto& s : chart.series) widest = std::max(widest, text_width(s.label) + 6 * kCharWidth);  // + " (+12)"
  const double right = std::clamp(widest + 14, kMinRight, kMaxRight);
  const double plot_w = w - kLeft - right, plot_h = h - kTop - kBottom;
  // Flags shrink on long ranges so that neighbouring weeks stay apart.
  const double flag = std::clamp(n > 1 ? plot_w / double(n - 1) * 1.2 : 5.0, 2.5, 5.0);
  int lo = 0, hi = 0;
  for (const auto& s : chart.series)
    for (std::size_t i = 0; i < n && i < s.values.size(); ++i) lo = std::min(lo, s.values[i]), hi = std::max(hi, s.values[i]);
  const int step = nice_step(hi - lo, kMaxYTicks);
  // Round the scale out to whole steps, and keep at least one step each side of zero in view.
  lo = lo < 0 ? -((-lo + step - 1) / step) * step : -step;
  hi = hi > 0 ? ((hi + step - 1) / step) * step : step;
  auto x_at = [&](std::size_t i) { return kLeft + (n <= 1 ? plot_w / 2 : plot_w * double(i) / double(n - 1)); };
  auto y_at = [&](int v) { return kTop + plot_h * double(hi - v) / double(hi - lo); };

  std::string out;
  out.reserve(4096 + n * chart.series.size() * 16);
  open_svg(out, chart.id, "chart", w, h, chart.title, chart.description);

  out += "<g class=\"chart__grid\" aria-hidden=\"true\">";
  for (int v = lo; v <= hi; v += step) {
    const std::string y = num(y_at(v));
    out += "<line class=\"" + std::string(v == 0 ? "chart__zero" : "chart__gridline") + "\" x1=\"" + num(kLeft) +
           "\" x2=\"" + num(kLeft + plot_w) + "\" y1=\"" + y + "\" y2=\"" + y + "\"/>";
    out += "<text class=\"chart__ylabel\" x=\"" + num(kLeft - 6) + "\" y=\"" + num(y_at(v) + 4) +
           "\" text-anchor=\"end\">" + (v > 0 ? "+" : v < 0 ? "\xE2\x88\x92" : "") + std::to_string(v < 0 ? -v : v) +
           "</text>";
  }
  for (const auto& tick : chart.ticks) {
    if (tick.at >= n) continue;
    const std::string x = num(x_at(tick.at));
    out += "<line class=\"chart__tick\" x1=\"" + x + "\" x2=\"" + x + "\" y1=\"" + num(kTop + plot_h) + "\" y2=\"" +
           num(kTop + plot_h + 5) + "\"/>";
    out += "<text class=\"chart__xlabel\" x=\"" + x + "\" y=\"" + num(kTop + plot_h + 20) + "\" text-anchor=\"" +
           (tick.at == 0 && n > 1 ? "start" : "middle") + "\">" + html_escape(tick.label) + "</text>";
  }
  out += "</g>";

  struct EndLabel {
    double y;
    std::size_t series;
  };
  std::vector<EndLabel> ends;
  for (std::size_t k = 0; k < chart.series.size(); ++k) {
    const IndexSeries& s = chart.series[k];
    const std::size_t m = std::min(n, s.values.size());
    if (m == 0) continue;
    const std::string style = style_of(s, k);
    out += "<g class=\"chart__series chart__series--" + style + "\">";
    out += "<path class=\"chart__line chart__line--" + style + "\" d=\"";
    for (std::size_t i = 0; i < m; ++i) out += (i == 0 ? "M" : "L") + num(x_at(i)) + " " + num(y_at(s.values[i]));
    out += "\"/>";
    // Outlook flags: a diamond for risk, a circle for opportunity (shape, not only colour).
    for (std::size_t i = 0; i < m && i < s.outlooks.size(); ++i) {
      const double x = x_at(i), y = y_at(s.values[i]);
      if (s.outlooks[i] == Outlook::risk)
        out += "<path class=\"chart__flag chart__flag--risk\" d=\"M" + num(x) + " " + num(y - flag) + "L" + num(x + flag) +
               " " + num(y) + "L" + num(x) + " " + num(y + flag) + "L" + num(x - flag) + " " + num(y) + "Z\"/>";
      else if (s.outlooks[i] == Outlook::opportunity)
        out += "<circle class=\"chart__flag chart__flag--opportunity\" cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"" + num(flag * 0.9) + "\"/>";
    }
    out += "<circle class=\"chart__end\" cx=\"" + num(x_at(m - 1)) + "\" cy=\"" + num(y_at(s.values[m - 1])) + "\" r=\"3\"/>";
    out += "</g>";
    ends.push_back({y_at(s.values[m - 1]), k});
  }
  // Direct labels at the line ends, pushed apart so that equal values stay readable.
  std::sort(ends.begin(), ends.end(), [](const EndLabel& a, const EndLabel& b) { return a.y < b.y; });
  for (std::size_t i = 1; i < ends.size(); ++i) ends[i].y = std::max(ends[i].y, ends[i - 1].y + kLabelGap);
  const double overflow = ends.empty() ? 0 : ends.back().y - (h - 4);
  for (auto& e : ends) e.y -= std::max(0.0, overflow);
  for (const auto& e : ends) {
    const IndexSeries& s = chart.series[e.series];
    const std::string style = style_of(s, e.series);
    const int last = s.values[std::min(n, s.values.size()) - 1];
    out += "<text class=\"chart__label chart__label--" + style + "\" x=\"" + num(kLeft + plot_w + 8) + "\" y=\"" +
           num(e.y + 4) + "\">" + html_escape(s.label) + " (" + (last > 0 ? "+" : last < 0 ? "\xE2\x88\x92" : "") +
           std::to_string(last < 0 ? -last : last) + ")</text>";
  }
  out += "</svg>";
  return out;
}

std::string matrix_svg(const MatrixChart& chart) {
  const std::size_t n = chart.periods;
  const double w = chart.width;
  double widest = 0;
  for (const auto& row : chart.rows) widest = std::max(widest, text_width(row.label));
  const double gutter = std::clamp(widest + 18, kMinGutter, kMaxGutter);
  const double plot_w = w - gutter - 6;
  const double cw = n == 0 ? plot_w : plot_w / double(n);
  const double h = kMatrixHead + kMatrixRow * double(chart.rows.size()) + 4;
  auto x_at = [&](std::size_t i) { return gutter + cw * double(i); };

  std::string out;
  out.reserve(2048 + n * chart.rows.size() * 90);
  open_svg(out, chart.id, "matrix", w, h, chart.title, chart.description);
  out += "<g class=\"matrix__ticks\" aria-hidden=\"true\">";
  for (const auto& tick : chart.ticks) {
    if (tick.at >= n) continue;
    const std::string x = num(x_at(tick.at));
    out += "<line class=\"matrix__tick\" x1=\"" + x + "\" x2=\"" + x + "\" y1=\"" + num(kMatrixHead - 14) + "\" y2=\"" +
           num(h) + "\"/>";
    out += "<text class=\"matrix__xlabel\" x=\"" + num(x_at(tick.at) + 3) + "\" y=\"" + num(kMatrixHead - 6) + "\">" +
           html_escape(tick.label) + "</text>";
  }
  out += "</g>";
  const bool shapes = cw >= kMinShapeCell;
  const double r = std::min(cw, kMatrixRow) * 0.42;
  for (std::size_t row = 0; row < chart.rows.size(); ++row) {
    const MatrixRow& mr = chart.rows[row];
    const double top = kMatrixHead + kMatrixRow * double(row);
    const double cy = top + kMatrixRow / 2;
    out += "<g class=\"matrix__row\">";
    out += "<text class=\"matrix__label\" x=\"" + num(gutter - 10) + "\" y=\"" + num(cy + 4) +
           "\" text-anchor=\"end\">" + html_escape(mr.label) + "</text>";
    for (std::size_t i = 0; i < n; ++i) {
      const std::optional<Assessment> a = i < mr.cells.size() ? mr.cells[i] : std::nullopt;
      const std::string cls = cell_class(a);
      const bool titled = i < mr.titles.size() && !mr.titles[i].empty();
      if (titled) out += "<g><title>" + html_escape(mr.titles[i]) + "</title>";
      if (shapes) {
        out += shape(a, x_at(i) + cw / 2, cy, r, cls);
      } else {
        // Too narrow for shapes: bars whose height still tells worse (low), better (high), unchanged.
        const double bh = kMatrixRow * 0.7;
        double y = top + (kMatrixRow - bh) / 2, hh = bh;
        if (a && *a == Assessment::better) hh = bh / 2;
        if (a && *a == Assessment::worse) y += bh / 2, hh = bh / 2;
        out += "<rect class=\"" + cls + "\" x=\"" + num(x_at(i)) + "\" y=\"" + num(y) + "\" width=\"" + num(cw) +
               "\" height=\"" + num(a ? hh : bh) + "\"/>";
      }
      if (titled) out += "</g>";
    }
    out += "</g>";
  }
  out += "</svg>";
  return out;
}

}  // namespace barometer::render
