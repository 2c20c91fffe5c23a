// Small inline-SVG plotting helpers for the self-contained HTML reports of every tool.
// Every function returns one complete <svg> element (no xmlns, no external
// references) that is well-formed XML; every text given is escaped here.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plateau::core::svg {

/// Geometry and labelling shared by all x/y plots.
struct PlotFrame {
    std::string title;          ///< accessible name (<title>), not drawn
    std::string x_label;
    std::string y_label;
    int width_px = 760;
    int height_px = 260;
    double x_start = 1.0;       ///< x value of the first sample (cycle 1, length 0, ...)
    double y_min = 0.0;
    double y_max = 0.0;         ///< <= y_min: chosen from the data and rounded to a tick
    double y_max_at_least = 0.0;///< lower bound for an automatic y_max
};

/// A frame with a title and axis labels; x_start: the x value of the first sample (cycle 1; 0 for
/// histograms indexed by value).
[[nodiscard]] inline PlotFrame frame(std::string title, std::string x_label, std::string y_label, double x_start = 1.0) {
    PlotFrame f;
    f.title = std::move(title);
    f.x_label = std::move(x_label);
    f.y_label = std::move(y_label);
    f.x_start = x_start;
    return f;
}

/// One named line of a line plot; NaN values leave a gap.
struct Series {
    std::string name;
    std::string color;          ///< CSS colour, e.g. "#1f77b4"
    std::vector<double> values; ///< values[i] is drawn at x = x_start + i
};

/// Per-position distributions for a FastQC-style box plot. median, lower and
/// upper quartile are required; the others may be empty.
struct BoxData {
    std::vector<double> median;
    std::vector<double> lower_quartile;
    std::vector<double> upper_quartile;
    std::vector<double> percentile_10;
    std::vector<double> percentile_90;
    std::vector<double> mean;
};

/// One cell of a heat table: a label, the value that colours it and the text shown.
struct HeatCell {
    std::string label;
    double value = 0.0;
    std::string value_text;
};

/// Escapes &, <, >, " and ' for XML/HTML text and attribute values.
[[nodiscard]] std::string escape_xml(std::string_view text);

/// Fixed-point formatting with trailing zeros (and a trailing '.') removed.
[[nodiscard]] std::string format_decimal(double value, int max_decimals);

/// Short axis label: 1500 -> "1.5k", 2300000 -> "2.3M".
[[nodiscard]] std::string format_compact(double value);

/// "Nice" tick positions (steps of 1, 2 or 5 x 10^k) covering [lo, hi].
[[nodiscard]] std::vector<double> nice_ticks(double lo, double hi, int target_count,
                                             bool integers_only);

/// Several named series against a shared x axis, with axes, ticks, grid and legend.
[[nodiscard]] std::string line_plot(const PlotFrame& frame, const std::vector<Series>& series);

/// One bar per value, centred on x = x_start + i.
[[nodiscard]] std::string bar_plot(const PlotFrame& frame, const std::vector<double>& values,
                                   std::string_view color);

/// A filled area under one curve (for long histograms: one path, small output).
[[nodiscard]] std::string area_plot(const PlotFrame& frame, const std::vector<double>& values,
                                    std::string_view color);

/// A histogram whose counts[i] belongs to x = x_start + i, trimmed to its
/// non-zero range (widened to at least 11 bins for context): bars for up to
/// 160 bins, an area beyond. Returns a "No data." paragraph when all are zero.
[[nodiscard]] std::string histogram_plot(const PlotFrame& frame, const std::vector<double>& counts,
                                         std::string_view color);

/// Box/whisker per position like FastQC's per-base quality: boxes span the
/// quartiles, whiskers the 10th-90th percentiles, red median, blue mean, on
/// green (>= Q28), orange (Q20-Q28) and red (< Q20) background bands.
[[nodiscard]] std::string quality_box_plot(const PlotFrame& frame, const BoxData& boxes);

/// A grid of labelled cells coloured from white to orange-red by value
/// (value / max value); each cell carries a <title> tooltip.
[[nodiscard]] std::string heat_table(const std::vector<HeatCell>& cells, int columns,
                                     std::string_view title);

}  // namespace plateau::core::svg
