#include "core/report/svg_plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace plateau::core::svg {
namespace {

constexpr double k_margin_left = 60.0;
constexpr double k_margin_right = 16.0;
constexpr double k_margin_top = 28.0;
constexpr double k_margin_bottom = 44.0;
constexpr int k_target_ticks = 6;
constexpr std::size_t k_max_boxes = 250;
constexpr std::size_t k_max_histogram_bars = 160;

/// Coordinates with at most one decimal keep paths short.
std::string coord(double v) { return format_decimal(v, 1); }

/// Maps data coordinates to pixels inside the plot area.
struct Layout {
    double left = 0, top = 0, right = 0, bottom = 0;
    double x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;

    [[nodiscard]] double px(double x) const {
        return left + (x - x_lo) / (x_hi - x_lo) * (right - left);
    }
    [[nodiscard]] double py(double y) const {
        const double clamped = std::clamp(y, y_lo, y_hi);
        return bottom - (clamped - y_lo) / (y_hi - y_lo) * (bottom - top);
    }
};

double finite_max(const std::vector<double>& values, double start) {
    double m = start;
    for (double v : values)
        if (std::isfinite(v)) m = std::max(m, v);
    return m;
}

/// Builds the layout; an automatic y axis ends on a nice tick above the data.
Layout make_layout(const PlotFrame& f, double x_lo, double x_hi, double data_max) {
    Layout l;
    l.left = k_margin_left;
    l.top = k_margin_top;
    l.right = f.width_px - k_margin_right;
    l.bottom = f.height_px - k_margin_bottom;
    l.x_lo = x_lo;
    l.x_hi = x_hi > x_lo ? x_hi : x_lo + 1.0;
    l.y_lo = f.y_min;
    if (f.y_max > f.y_min) {
        l.y_hi = f.y_max;
    } else {
        double hi = std::max(data_max, f.y_max_at_least);
        if (!(hi > f.y_min)) hi = f.y_min + 1.0;
        const auto ticks = nice_ticks(f.y_min, hi, k_target_ticks, false);
        const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : hi - f.y_min;
        double top = ticks.empty() ? hi : ticks.back();
        if (top < hi - step * 1e-9) top += step;
        l.y_hi = top;
    }
    return l;
}

std::string tick_label(double v, double step, bool compact) {
    if (compact) return format_compact(v);
    int decimals = 0;
    if (step < 1.0 && step > 0.0) decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(step) - 1e-9)), 0, 4);
    return format_decimal(v, decimals);
}

std::string open_svg(const PlotFrame& f) {
    const std::string w = std::to_string(f.width_px);
    const std::string h = std::to_string(f.height_px);
    std::string out = "<svg class=\"plot\" viewBox=\"0 0 " + w + " " + h + "\" width=\"" + w +
                      "\" height=\"" + h + "\" role=\"img\" aria-label=\"" + escape_xml(f.title) +
                      "\"><title>" + escape_xml(f.title) + "</title>";
    return out;
}

/// Grid lines, axes, tick labels and axis titles.
void draw_axes(std::string& out, const Layout& l, const PlotFrame& f, bool integer_x) {
    const auto y_ticks = nice_ticks(l.y_lo, l.y_hi, k_target_ticks, false);
    const double y_step = y_ticks.size() > 1 ? y_ticks[1] - y_ticks[0] : 1.0;
    const bool y_compact = !y_ticks.empty() && std::max(std::fabs(y_ticks.front()), std::fabs(y_ticks.back())) >= 10000.0;
    std::string grid;
    std::string labels;
    for (double t : y_ticks) {
        const std::string y = coord(l.py(t));
        grid += "M" + coord(l.left) + " " + y + "H" + coord(l.right);
        labels += "<text x=\"" + coord(l.left - 6) + "\" y=\"" + coord(l.py(t) + 4) +
                  "\" text-anchor=\"end\">" + escape_xml(tick_label(t, y_step, y_compact)) + "</text>";
    }
    const int x_target = std::max(2, static_cast<int>((l.right - l.left) / 70.0));
    auto x_ticks = nice_ticks(l.x_lo, l.x_hi, x_target, integer_x);
    const double x_step = x_ticks.size() > 1 ? x_ticks[1] - x_ticks[0] : 1.0;
    const bool x_compact = !x_ticks.empty() && std::max(std::fabs(x_ticks.front()), std::fabs(x_ticks.back())) >= 100000.0;
    std::string marks;
    for (double t : x_ticks) {
        const std::string x = coord(l.px(t));
        marks += "M" + x + " " + coord(l.bottom) + "v5";
        labels += "<text x=\"" + x + "\" y=\"" + coord(l.bottom + 17) +
                  "\" text-anchor=\"middle\">" + escape_xml(tick_label(t, x_step, x_compact)) + "</text>";
    }
    out += "<path d=\"" + grid + "\" stroke=\"#e4e6ea\" fill=\"none\"/>";
    out += "<path d=\"M" + coord(l.left) + " " + coord(l.top) + "V" + coord(l.bottom) + "H" +
           coord(l.right) + marks + "\" stroke=\"#555\" fill=\"none\"/>";
    out += labels;
    if (!f.x_label.empty())
        out += "<text x=\"" + coord((l.left + l.right) / 2) + "\" y=\"" + coord(f.height_px - 8.0) +
               "\" text-anchor=\"middle\" class=\"axis\">" + escape_xml(f.x_label) + "</text>";
    const std::string yc = coord((l.top + l.bottom) / 2);
    if (!f.y_label.empty())
        out += "<text x=\"14\" y=\"" + yc + "\" transform=\"rotate(-90 14 " + yc +
               ")\" text-anchor=\"middle\" class=\"axis\">" + escape_xml(f.y_label) + "</text>";
}

/// Horizontal legend in the top margin.
void draw_legend(std::string& out, const Layout& l,
                 const std::vector<std::pair<std::string, std::string>>& entries) {
    double x = l.left;
    for (const auto& [name, color] : entries) {
        out += "<rect x=\"" + coord(x) + "\" y=\"10\" width=\"14\" height=\"4\" fill=\"" +
               escape_xml(color) + "\"/><text x=\"" + coord(x + 18) + "\" y=\"16\">" +
               escape_xml(name) + "</text>";
        x += 30.0 + 6.2 * static_cast<double>(name.size());
    }
}

/// A length in tenths of a pixel, short: 23 -> "2.3", -4 -> "-.4", 20 -> "2".
std::string tenths(long v) {
    std::string out = v < 0 ? "-" : "";
    const long a = v < 0 ? -v : v;
    if (a >= 10) out += std::to_string(a / 10);
    if (a % 10 != 0) out += "." + std::to_string(a % 10);
    return a == 0 ? "0" : out;
}

/// Builds a path: "M" starts each sub-path at absolute coordinates, later points are
/// relative line segments ("l2.3-.4 2.3 .1"), which keeps long curves small. Positions
/// are rounded to tenths of a pixel first, so relative steps do not drift.
struct PathPen {
    std::string d;
    int run = 0;  // points in the current sub-path
    long x = 0;
    long y = 0;

    void point(double px, double py) {
        const long tx = std::lround(px * 10.0);
        const long ty = std::lround(py * 10.0);
        if (run == 0) {
            d += "M" + tenths(tx) + " " + tenths(ty);
        } else {
            const std::string dx = tenths(tx - x);
            const std::string dy = tenths(ty - y);
            d += run == 1 ? "l" : dx[0] == '-' ? "" : " ";
            d += dx + (dy[0] == '-' ? "" : " ") + dy;
        }
        x = tx;
        y = ty;
        ++run;
    }
    void lift() { run = 0; }
};

/// For series much longer than the plot is wide: per pixel column, the
/// minimum and maximum (in the order they occur), so peaks survive.
std::string envelope_path(const Layout& l, const std::vector<double>& values, double x_start) {
    PathPen pen;
    long column = -1;
    std::size_t lo_i = 0;
    std::size_t hi_i = 0;
    const auto flush = [&] {
        if (column < 0) return;
        const auto first = std::min(lo_i, hi_i);
        const auto second = std::max(lo_i, hi_i);
        pen.point(static_cast<double>(column), l.py(values[first]));
        if (second != first) pen.point(static_cast<double>(column), l.py(values[second]));
    };
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i])) continue;
        const long col = std::lround(l.px(x_start + static_cast<double>(i)));
        if (col != column) {
            flush();
            column = col;
            lo_i = hi_i = i;
        } else {
            if (values[i] < values[lo_i]) lo_i = i;
            if (values[i] > values[hi_i]) hi_i = i;
        }
    }
    flush();
    return pen.d;
}

/// A path through the finite points; a NaN starts a new sub-path.
std::string polyline_path(const Layout& l, const std::vector<double>& values, double x_start) {
    if (static_cast<double>(values.size()) > 2.0 * (l.right - l.left))
        return envelope_path(l, values, x_start);
    PathPen pen;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (std::isfinite(values[i]))
            pen.point(l.px(x_start + static_cast<double>(i)), l.py(values[i]));
        else
            pen.lift();
    }
    return pen.d;
}

/// Mean of each statistic over consecutive groups of `group` positions.
BoxData group_positions(const BoxData& b, std::size_t group) {
    const auto reduce = [group](const std::vector<double>& v) {
        std::vector<double> out;
        for (std::size_t start = 0; start < v.size(); start += group) {
            double sum = 0.0;
            int count = 0;
            for (std::size_t i = start; i < std::min(v.size(), start + group); ++i)
                if (std::isfinite(v[i])) sum += v[i], ++count;
            out.push_back(count > 0 ? sum / count : std::numeric_limits<double>::quiet_NaN());
        }
        return out;
    };
    return {reduce(b.median), reduce(b.lower_quartile), reduce(b.upper_quartile),
            reduce(b.percentile_10), reduce(b.percentile_90), reduce(b.mean)};
}

/// Length of the valid UTF-8 sequence starting text (which starts with a byte
/// >= 0x80), or 0 when it is invalid (stray continuation, overlong, surrogate, > U+10FFFF).
std::size_t utf8_sequence_length(std::string_view text) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(0);
    const std::size_t len = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                          : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
    if (len == 0 || text.size() < len) return 0;
    for (std::size_t i = 1; i < len; ++i)
        if ((byte(i) & 0xC0) != 0x80) return 0;
    const unsigned char second = byte(1);
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
        (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F))
        return 0;
    return len;
}

/// Index range [first, last] of the non-zero finite values; first > last when there are none.
std::pair<std::size_t, std::size_t> nonzero_range(const std::vector<double>& v) {
    std::size_t first = v.size();
    std::size_t last = 0;
    for (std::size_t i = 0; i < v.size(); ++i)
        if (std::isfinite(v[i]) && v[i] != 0.0) {
            first = std::min(first, i);
            last = i;
        }
    return first < v.size() ? std::pair{first, last} : std::pair<std::size_t, std::size_t>{1, 0};
}

std::string hex_color(double r, double g, double b) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", static_cast<unsigned>(std::lround(r)),
                  static_cast<unsigned>(std::lround(g)), static_cast<unsigned>(std::lround(b)));
    return buf;
}

}  // namespace

std::string escape_xml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80) {  // copy valid UTF-8 sequences, replace anything else with U+FFFD
            const std::size_t len = utf8_sequence_length(text.substr(i));
            if (len == 0) {
                out += "\xEF\xBF\xBD";
            } else {
                out.append(text.substr(i, len));
                i += len - 1;
            }
            continue;
        }
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default:  // control characters other than tab and newlines are not valid XML 1.0
                out += (u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7f ? '?' : c;
        }
    }
    return out;
}

std::string format_decimal(double value, int max_decimals) {
    if (!std::isfinite(value)) return "n/a";
    char buf[64];
    if (std::fabs(value) >= 1e15) {
        std::snprintf(buf, sizeof buf, "%.6g", value);
        return buf;
    }
    std::snprintf(buf, sizeof buf, "%.*f", std::clamp(max_decimals, 0, 12), value);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

std::string format_compact(double value) {
    const double a = std::fabs(value);
    if (a >= 1e9) return format_decimal(value / 1e9, 2) + "G";
    if (a >= 1e6) return format_decimal(value / 1e6, 2) + "M";
    if (a >= 1e3) return format_decimal(value / 1e3, 2) + "k";
    return format_decimal(value, 2);
}

std::vector<double> nice_ticks(double lo, double hi, int target_count, bool integers_only) {
    std::vector<double> ticks;
    if (!std::isfinite(lo) || !std::isfinite(hi)) return ticks;
    if (!(hi > lo)) hi = lo + 1.0;
    const double raw = (hi - lo) / std::max(1, target_count);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double norm = raw / mag;
    double step = (norm < 1.5 ? 1.0 : norm < 3.0 ? 2.0 : norm < 7.0 ? 5.0 : 10.0) * mag;
    if (integers_only) step = std::max(1.0, std::round(step));
    const double first = std::ceil(lo / step - 1e-9) * step;
    for (int i = 0; i < 1000; ++i) {
        const double v = first + step * i;
        if (v > hi + step * 1e-9) break;
        ticks.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
    }
    return ticks;
}

std::string line_plot(const PlotFrame& frame, const std::vector<Series>& series) {
    std::size_t n = 0;
    double data_max = frame.y_min;
    for (const auto& s : series) {
        n = std::max(n, s.values.size());
        data_max = finite_max(s.values, data_max);
    }
    const double x_hi = frame.x_start + static_cast<double>(n > 1 ? n - 1 : 1);
    const Layout l = make_layout(frame, frame.x_start, x_hi, data_max);
    std::string out = open_svg(frame);
    draw_axes(out, l, frame, true);
    std::vector<std::pair<std::string, std::string>> legend;
    for (const auto& s : series) {
        const std::string d = polyline_path(l, s.values, frame.x_start);
        if (!d.empty())
            out += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + escape_xml(s.color) +
                   "\" stroke-width=\"1.6\" stroke-linejoin=\"round\"><title>" +
                   escape_xml(s.name) + "</title></path>";
        legend.emplace_back(s.name, s.color);
    }
    draw_legend(out, l, legend);
    return out + "</svg>";
}

std::string bar_plot(const PlotFrame& frame, const std::vector<double>& values,
                     std::string_view color) {
    if (static_cast<double>(values.size()) * 2.0 > frame.width_px) return area_plot(frame, values, color);
    const double n = static_cast<double>(std::max<std::size_t>(values.size(), 1));
    const Layout l = make_layout(frame, frame.x_start - 0.5, frame.x_start + n - 0.5,
                                 finite_max(values, frame.y_min));
    std::string out = open_svg(frame);
    draw_axes(out, l, frame, true);
    const double slot = (l.right - l.left) / n;
    const double half = std::clamp(slot * 0.4, 0.4, 18.0);
    const std::string base = coord(l.py(l.y_lo));
    std::string d;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i]) || values[i] <= l.y_lo) continue;
        const double cx = l.px(frame.x_start + static_cast<double>(i));
        d += "M" + coord(cx - half) + " " + base + "V" + coord(l.py(values[i])) + "H" +
             coord(cx + half) + "V" + base + "Z";
    }
    if (!d.empty()) out += "<path d=\"" + d + "\" fill=\"" + escape_xml(color) + "\"/>";
    return out + "</svg>";
}

std::string area_plot(const PlotFrame& frame, const std::vector<double>& values,
                      std::string_view color) {
    const std::size_t n = values.size();
    const double x_hi = frame.x_start + static_cast<double>(n > 1 ? n - 1 : 1);
    const Layout l = make_layout(frame, frame.x_start, x_hi, finite_max(values, frame.y_min));
    std::string out = open_svg(frame);
    draw_axes(out, l, frame, true);
    std::vector<double> clean(values);
    for (double& v : clean)
        if (!std::isfinite(v)) v = l.y_lo;
    const std::string line = polyline_path(l, clean, frame.x_start);
    if (!line.empty()) {
        const std::string base = coord(l.py(l.y_lo));
        const std::string x0 = coord(l.px(frame.x_start));
        const std::string x1 = coord(l.px(frame.x_start + static_cast<double>(n - 1)));
        const std::string fill_path = "M" + x0 + " " + base + "L" + line.substr(1) + "L" + x1 + " " + base + "Z";
        out += "<path d=\"" + fill_path + "\" fill=\"" + escape_xml(color) +
               "\" fill-opacity=\"0.3\" stroke=\"none\"/>";
        out += "<path d=\"" + line + "\" fill=\"none\" stroke=\"" + escape_xml(color) +
               "\" stroke-width=\"1.5\"/>";
    }
    return out + "</svg>";
}

std::string histogram_plot(const PlotFrame& frame, const std::vector<double>& counts,
                           std::string_view color) {
    auto [first, last] = nonzero_range(counts);
    if (first > last) return "<p class=\"note\">No data.</p>";
    if (last - first < 10) {  // a little context around very narrow histograms
        first = first > 5 ? first - 5 : 0;
        last = std::max(last + 5, first + 10);
    }
    std::vector<double> shown(last - first + 1, 0.0);
    for (std::size_t i = first; i <= last && i < counts.size(); ++i) shown[i - first] = counts[i];
    PlotFrame f = frame;
    f.x_start = frame.x_start + static_cast<double>(first);
    return shown.size() <= k_max_histogram_bars ? bar_plot(f, shown, color) : area_plot(f, shown, color);
}

namespace {

// Quality bands: red below Q20, orange Q20-Q28, green from Q28 up.
void draw_quality_bands(std::string& out, const Layout& l) {
    const auto band = [&](double lo, double hi, const char* fill) {
        if (hi <= l.y_lo || lo >= l.y_hi) return;
        const double top = l.py(std::min(hi, l.y_hi));
        const double bottom = l.py(std::max(lo, l.y_lo));
        out += "<rect x=\"" + coord(l.left) + "\" y=\"" + coord(top) + "\" width=\"" +
               coord(l.right - l.left) + "\" height=\"" + coord(bottom - top) + "\" fill=\"" +
               fill + "\"/>";
    };
    band(28.0, l.y_hi, "#d8efd6");
    band(20.0, 28.0, "#f7e6c4");
    band(l.y_lo, 20.0, "#f4d0cd");
}

}  // namespace

std::string quality_box_plot(const PlotFrame& frame, const BoxData& all) {
    // Long reads: average the statistics over groups of positions (FastQC groups too).
    const std::size_t group = (all.median.size() + k_max_boxes - 1) / k_max_boxes;
    const BoxData b = group > 1 ? group_positions(all, group) : all;
    const std::size_t n = all.median.size();
    double data_max = finite_max(b.upper_quartile, finite_max(b.percentile_90, 40.0));
    data_max = finite_max(b.median, data_max);
    PlotFrame f = frame;
    if (!(f.y_max > f.y_min)) f.y_max = std::ceil(data_max / 5.0) * 5.0;
    const double nd = static_cast<double>(std::max<std::size_t>(n, 1));
    const Layout l = make_layout(f, f.x_start - 0.5, f.x_start + nd - 0.5, data_max);
    std::string out = open_svg(f);
    draw_quality_bands(out, l);
    draw_axes(out, l, f, true);
    const double gd = static_cast<double>(std::max<std::size_t>(group, 1));
    const double half = std::max(0.5, (l.right - l.left) / nd * gd * 0.32);
    const auto at = [](const std::vector<double>& v, std::size_t i) {
        return i < v.size() ? v[i] : std::numeric_limits<double>::quiet_NaN();
    };
    std::string boxes;
    std::string whiskers;
    std::string medians;
    for (std::size_t i = 0; i < b.median.size(); ++i) {
        const double first = static_cast<double>(i) * gd;
        const double last = std::min(first + gd, nd) - 1.0;
        const double cx = l.px(f.x_start + (first + last) / 2.0);
        const double q1 = at(b.lower_quartile, i);
        const double q3 = at(b.upper_quartile, i);
        const double p10 = at(b.percentile_10, i);
        const double p90 = at(b.percentile_90, i);
        if (std::isfinite(p10) && std::isfinite(p90))
            whiskers += "M" + coord(cx) + " " + coord(l.py(p10)) + "V" + coord(l.py(p90));
        if (std::isfinite(q1) && std::isfinite(q3))
            boxes += "M" + coord(cx - half) + " " + coord(l.py(q1)) + "V" + coord(l.py(q3)) +
                     "H" + coord(cx + half) + "V" + coord(l.py(q1)) + "Z";
        if (std::isfinite(b.median[i]))
            medians += "M" + coord(cx - half) + " " + coord(l.py(b.median[i])) + "H" + coord(cx + half);
    }
    if (!whiskers.empty()) out += "<path d=\"" + whiskers + "\" stroke=\"#333\" fill=\"none\"/>";
    if (!boxes.empty())
        out += "<path d=\"" + boxes + "\" fill=\"#f2d24b\" stroke=\"#6b5a10\" stroke-width=\"0.6\"/>";
    if (!medians.empty())
        out += "<path d=\"" + medians + "\" stroke=\"#c62828\" stroke-width=\"1.5\" fill=\"none\"/>";
    const std::string mean_path = polyline_path(l, all.mean, f.x_start);
    if (!mean_path.empty())
        out += "<path d=\"" + mean_path + "\" stroke=\"#1f5fbf\" stroke-width=\"1.5\" fill=\"none\"/>";
    std::vector<std::pair<std::string, std::string>> legend{
        {"25-75%", "#f2d24b"}, {"median", "#c62828"}};
    if (!whiskers.empty()) legend.emplace_back("10-90%", "#333333");
    if (!mean_path.empty()) legend.emplace_back("mean", "#1f5fbf");
    draw_legend(out, l, legend);
    return out + "</svg>";
}

std::string heat_table(const std::vector<HeatCell>& cells, int columns, std::string_view title) {
    constexpr int k_cell_w = 90;
    constexpr int k_cell_h = 38;
    const int cols = std::max(1, columns);
    const int rows = static_cast<int>((cells.size() + static_cast<std::size_t>(cols) - 1) / static_cast<std::size_t>(cols));
    PlotFrame f;
    f.title = std::string(title);
    f.width_px = cols * k_cell_w + 2;
    f.height_px = std::max(1, rows) * k_cell_h + 2;
    std::string out = open_svg(f);
    double max_value = 0.0;
    for (const auto& c : cells)
        if (std::isfinite(c.value)) max_value = std::max(max_value, c.value);
    for (std::size_t i = 0; i < cells.size(); ++i) {
        const auto& c = cells[i];
        const double t = max_value > 0.0 && std::isfinite(c.value) ? std::clamp(c.value / max_value, 0.0, 1.0) : 0.0;
        const std::string fill = hex_color(255 - t * (255 - 217), 245 - t * (245 - 72), 235 - t * (235 - 1));
        const int x = 1 + static_cast<int>(i % static_cast<std::size_t>(cols)) * k_cell_w;
        const int y = 1 + static_cast<int>(i / static_cast<std::size_t>(cols)) * k_cell_h;
        const char* ink = t > 0.55 ? "#fff" : "#222";
        const std::string cx = std::to_string(x + k_cell_w / 2);
        out += "<g><title>" + escape_xml(c.label) + ": " + escape_xml(c.value_text) +
               "</title><rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) +
               "\" width=\"" + std::to_string(k_cell_w - 2) + "\" height=\"" +
               std::to_string(k_cell_h - 2) + "\" rx=\"3\" fill=\"" + fill +
               "\"/><text x=\"" + cx + "\" y=\"" + std::to_string(y + 15) +
               "\" text-anchor=\"middle\" class=\"mono\" style=\"fill:" + ink + "\">" +
               escape_xml(c.label) + "</text><text x=\"" + cx + "\" y=\"" +
               std::to_string(y + 30) + "\" text-anchor=\"middle\" style=\"fill:" + ink + "\">" +
               escape_xml(c.value_text) + "</text></g>";
    }
    return out + "</svg>";
}

}  // namespace plateau::core::svg
