// Server-rendered SVG charts of the dynamics: the index chart (one cumulative line per topic) and
// the matrix (topics x periods, one marker shape per cell). Output is an <svg> element to be
// inlined in HTML: well-formed XML, every text escaped, no <style>, no style="" and no script
// (the CSP is strict); appearance comes from CSS classes in the theme (chart__*, matrix__*) and
// a few SVG presentation attributes. Meaning never rests on colour alone: lines differ by dash
// pattern and are labelled at their ends; cells differ by shape (up / down triangle, square,
// hollow square for no commentary), as in the rest of the theme.
//
// Labels arrive already formatted for the reader's language; this file knows no locale.
// Each chart carries role="img" with <title> and <desc>; pages add a table as the full text
// alternative. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/assessment.hpp"

namespace barometer::render {

// A label on the horizontal axis at period position `at` (0-based).
struct SvgTick {
  std::size_t at = 0;
  std::string label;
};

// One topic's line on the index chart.
struct IndexSeries {
  std::string label;               // the topic's name, written at the end of its line
  std::vector<int> values;         // cumulative index after each period
  std::vector<Outlook> outlooks;   // per period (may be shorter: missing = none); flags drawn
  int style = 0;                   // 1..6 picks chart__line--N (keep a topic's look stable
                                   // across selections); 0 = by position in `series`
};

struct IndexChart {
  std::string id;                  // unique in the page ([a-z0-9-]); prefixes the ids inside
  std::string title;               // accessible name
  std::string description;         // one or two sentences: what the lines mean
  std::size_t periods = 0;         // points per series (values beyond it are ignored)
  std::vector<IndexSeries> series;
  std::vector<SvgTick> ticks;
  // Viewport in SVG user units; the CSS scales it to the column width. Defaults fit 72rem.
  int width = 960;
  int height = 340;
};

// One topic's row of the matrix.
struct MatrixRow {
  std::string label;                                // the topic's name
  std::vector<std::optional<Assessment>> cells;     // per period; nullopt = no commentary
  std::vector<std::string> titles;                  // optional per-cell tooltip text (may be empty)
};

struct MatrixChart {
  std::string id;
  std::string title;
  std::string description;
  std::size_t periods = 0;
  std::vector<MatrixRow> rows;
  std::vector<SvgTick> ticks;      // e.g. the first period of each year
  int width = 960;
};

std::string index_chart_svg(const IndexChart& chart);
std::string matrix_svg(const MatrixChart& chart);

// A "nice" step for `span` units split into at most `max_ticks` intervals: 1, 2, 5, 10, 20, ...
int nice_step(int span, int max_ticks);

}  // namespace barometer::render
