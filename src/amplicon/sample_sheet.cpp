#include "amplicon/sample_sheet.hpp"

#include "core/error.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace plateau::amplicon {

namespace {

std::string resolve(const std::string& sheet, const std::string& file) {
    const std::filesystem::path p(file);
    if (p.is_absolute()) return file;
    const std::filesystem::path dir = std::filesystem::path(sheet).parent_path();
    return dir.empty() ? file : (dir / p).string();
}

PairedSample parse_line(std::string_view line, const std::string& path, const std::string& where) {
    const auto t1 = line.find('\t');
    const auto t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t1 == 0 || t2 == std::string_view::npos || t2 == t1 + 1 || t2 + 1 == line.size() ||
        line.find('\t', t2 + 1) != std::string_view::npos) {
        throw_input_error(where + ": expected three tab-separated columns: sample name, R1 path, R2 path");
    }
    PairedSample s{std::string(line.substr(0, t1)), std::string(line.substr(t1 + 1, t2 - t1 - 1)),
                   std::string(line.substr(t2 + 1))};
    if (s.name.find_first_of(" ;=") != std::string::npos) {
        throw_input_error(where + ": sample name '" + s.name + "' cannot hold blanks, ';' or '='");
    }
    s.read1 = resolve(path, s.read1);
    s.read2 = resolve(path, s.read2);
    return s;
}

}  // namespace

std::vector<PairedSample> parse_sample_sheet(std::string_view text, const std::string& path) {
    std::vector<PairedSample> samples;
    std::size_t start = 0;
    for (std::uint64_t n = 1; start < text.size(); ++n) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;
        const std::string where = path + ": line " + std::to_string(n);
        PairedSample s = parse_line(line, path, where);
        for (const PairedSample& earlier : samples) {
            if (earlier.name == s.name) throw_input_error(where + ": duplicate sample name '" + s.name + "'");
        }
        samples.push_back(std::move(s));
    }
    if (samples.empty()) throw_input_error(path + ": no sample (expected lines of name<TAB>R1<TAB>R2)");
    return samples;
}

std::vector<PairedSample> read_sample_sheet(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw_io_error(path + ": cannot be read (sample sheet)");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw_io_error(path + ": read error (sample sheet)");
    return parse_sample_sheet(text.view(), path);
}

}  // namespace plateau::amplicon
