// The SVG charts: well-formed XML for ordinary, empty, huge and hostile input; values and shapes
// drawn where the data says; nothing the CSP forbids.
#include "render/svg_chart.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "render/svg_well_formed.hpp"

namespace barometer::render {
namespace {

using barometer::testing::xml_well_formed;

int count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// The y coordinates of the first chart__line path's points.
std::vector<double> line_ys(const std::string& svg, int which = 0) {
  std::regex path_re("class=\"chart__line[^\"]*\" d=\"([^\"]*)\"");
  auto it = std::sregex_iterator(svg.begin(), svg.end(), path_re);
  for (int k = 0; k < which; ++k) ++it;
  std::vector<double> ys;
  const std::string d = (*it)[1];
  std::regex point_re("[ML](-?[0-9.]+) (-?[0-9.]+)");
  for (auto p = std::sregex_iterator(d.begin(), d.end(), point_re); p != std::sregex_iterator(); ++p)
    ys.push_back(std::stod((*p)[2]));
  return ys;
}

IndexChart sample_chart() {
  IndexChart c;
  c.id = "index";
  c.title = "Index <of> \"topics\" & more";
  c.description = "Better +1, worse −1.";
  c.periods = 5;
  c.series = {{"Security <script>alert(1)</script>", {0, 1, 1, -1, -2}, {Outlook::none, Outlook::risk, Outlook::none, Outlook::opportunity}},
              {"West & East", {0, 0, 0, 0, 0}, {}}};
  c.ticks = {{0, "Jan 3, 2022"}, {4, "Jan 31 '22"}, {9, "beyond the range"}};
  return c;
}

TEST(SvgChart, IndexChartIsWellFormedAndEscapesText) {
  const std::string svg = index_chart_svg(sample_chart());
  EXPECT_EQ(xml_well_formed(svg), "") << svg;
  EXPECT_NE(svg.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("style="), std::string::npos);
  EXPECT_EQ(svg.find("<style"), std::string::npos);
  EXPECT_NE(svg.find("role=\"img\" aria-labelledby=\"index-title index-desc\""), std::string::npos);
  EXPECT_EQ(count(svg, "chart__xlabel"), 2);  // the tick past the range is dropped
}

TEST(SvgChart, IndexLineFollowsTheValues) {
  const std::string svg = index_chart_svg(sample_chart());
  auto ys = line_ys(svg);
  ASSERT_EQ(ys.size(), 5u);
  EXPECT_LT(ys[1], ys[0]);        // +1 is drawn above 0
  EXPECT_DOUBLE_EQ(ys[1], ys[2]); // equal values, equal height
  EXPECT_GT(ys[3], ys[0]);        // -1 below 0
  EXPECT_GT(ys[4], ys[3]);
  auto flat = line_ys(svg, 1);
  ASSERT_EQ(flat.size(), 5u);
  EXPECT_DOUBLE_EQ(flat[0], ys[0]);  // both start at 0
  EXPECT_EQ(count(svg, "chart__flag--risk"), 1);
  EXPECT_EQ(count(svg, "chart__flag--opportunity"), 1);
  // End labels carry the final value with a real minus sign.
  EXPECT_NE(svg.find("alert(1)&lt;/script&gt; (\xE2\x88\x92" "2)</text>"), std::string::npos);
  EXPECT_NE(svg.find("West &amp; East (0)"), std::string::npos);
}

TEST(SvgChart, DegenerateChartsStayWellFormed) {
  IndexChart empty;
  empty.id = "e";
  EXPECT_EQ(xml_well_formed(index_chart_svg(empty)), "");
  IndexChart one = sample_chart();
  one.periods = 1;
  EXPECT_EQ(xml_well_formed(index_chart_svg(one)), "");
  IndexChart big;
  big.id = "big";
  big.periods = 520;
  for (int k = 0; k < 7; ++k) {
    IndexSeries s{"t" + std::to_string(k), {}, {}};
    for (int i = 0; i < 520; ++i) s.values.push_back(k % 2 ? -i : i / 3);
    big.series.push_back(s);
  }
  const std::string svg = index_chart_svg(big);
  EXPECT_EQ(xml_well_formed(svg), "");
  EXPECT_EQ(count(svg, "chart__line--1\""), 2);  // styles repeat after six series
  MatrixChart m;
  m.id = "m";
  EXPECT_EQ(xml_well_formed(matrix_svg(m)), "");
}

TEST(SvgChart, MatrixDrawsOneShapePerCellByAssessment) {
  MatrixChart m;
  m.id = "matrix";
  m.title = "Weeks & topics";
  m.periods = 4;
  m.rows = {{"A <b>", {Assessment::better, std::nullopt, Assessment::worse, Assessment::worse}, {"t1 & x", "", "", ""}},
            {"B", {Assessment::unchanged}, {}}};
  m.ticks = {{0, "2022"}};
  const std::string svg = matrix_svg(m);
  EXPECT_EQ(xml_well_formed(svg), "") << svg;
  EXPECT_EQ(count(svg, "matrix__cell--worse"), 2);
  EXPECT_EQ(count(svg, "matrix__cell--better"), 1);
  EXPECT_EQ(count(svg, "matrix__cell--unchanged"), 1);
  EXPECT_EQ(count(svg, "matrix__cell--none"), 4);  // one gap in A, three missing cells in B
  EXPECT_EQ(count(svg, "<title>t1 &amp; x</title>"), 1);
  EXPECT_NE(svg.find("A &lt;b&gt;"), std::string::npos);
  // Shapes: better is a path pointing up (its first point is above the centre), worse down.
  std::smatch up;
  ASSERT_TRUE(std::regex_search(svg, up, std::regex("matrix__cell--better\" d=\"M[0-9.]+ ([0-9.]+)L[0-9.]+ ([0-9.]+)")));
  EXPECT_LT(std::stod(up[1]), std::stod(up[2]));
  std::smatch down;
  ASSERT_TRUE(std::regex_search(svg, down, std::regex("matrix__cell--worse\" d=\"M[0-9.]+ ([0-9.]+)L[0-9.]+ ([0-9.]+)")));
  EXPECT_GT(std::stod(down[1]), std::stod(down[2]));
}

TEST(SvgChart, NarrowMatrixCellsBecomeBarsAndStayWellFormed) {
  MatrixChart m;
  m.id = "wide";
  m.periods = 520;
  MatrixRow row{"T", {}, {}};
  for (int i = 0; i < 520; ++i) row.cells.push_back(i % 4 == 3 ? std::nullopt : std::optional(static_cast<Assessment>(i % 3)));
  m.rows = {row, row, row, row, row};
  const std::string svg = matrix_svg(m);
  EXPECT_EQ(xml_well_formed(svg), "");
  EXPECT_EQ(count(svg, "<rect class=\"matrix__cell"), 2600);
}

TEST(SvgChart, NiceSteps) {
  EXPECT_EQ(nice_step(0, 8), 1);
  EXPECT_EQ(nice_step(7, 8), 1);
  EXPECT_EQ(nice_step(9, 8), 2);
  EXPECT_EQ(nice_step(30, 8), 5);
  EXPECT_EQ(nice_step(100, 8), 20);
  EXPECT_EQ(nice_step(520, 8), 100);
}

TEST(SvgWellFormed, TheCheckerRejectsBrokenXml) {
  EXPECT_EQ(xml_well_formed("<svg><g/><text x=\"1\">a &amp; b</text></svg>"), "");
  for (const char* bad : {"<svg><g></svg>", "<svg>a & b</svg>", "<svg x=1></svg>", "<svg x=\"1\" x=\"2\"/>",
                          "<svg></svg><svg/>", "<svg><b></i></svg>", "text", "<svg x=\"<\"/>", "<svg>&nbsp;</svg>"})
    EXPECT_NE(xml_well_formed(bad), "") << bad;
}

}  // namespace
}  // namespace barometer::render
