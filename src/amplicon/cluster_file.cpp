#include "amplicon/cluster_file.hpp"

#include "core/error.hpp"

#include <fstream>
#include <map>
#include <string_view>

namespace plateau::amplicon {
namespace {

std::vector<std::string_view> split(std::string_view line, char sep) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (start <= line.size()) {
        std::size_t end = line.find(sep, start);
        if (end == std::string_view::npos) end = line.size();
        if (end > start || sep == '\t') fields.push_back(line.substr(start, end - start));
        start = end + 1;
    }
    return fields;
}

bool is_uclust_line(const std::string& line) {
    return line.size() > 2 && (line[0] == 'C' || line[0] == 'S' || line[0] == 'H') && line[1] == '\t';
}

std::vector<ParsedCluster> read_uclust(std::ifstream& in, std::string line, const std::string& path) {
    std::map<std::uint64_t, ParsedCluster> by_number;
    std::map<std::uint64_t, std::vector<std::pair<std::string, std::uint64_t>>> hits;
    std::uint64_t n = 1;
    do {
        if (line.empty()) continue;
        const std::string where = path + ": line " + std::to_string(n);
        const auto f = split(line, '\t');
        if (f.size() < 10 || !is_uclust_line(line)) throw_input_error(where + ": not a uclust S/H/C line with 10 columns");
        if (f[0] == "C") continue;
        std::uint64_t number = 0;
        if (f[1].empty()) throw_input_error(where + ": empty cluster number");
        for (char c : f[1]) {
            if (c < '0' || c > '9') throw_input_error(where + ": bad cluster number '" + std::string(f[1]) + "'");
            number = number * 10 + static_cast<std::uint64_t>(c - '0');
        }
        if (f[0] == "S") {
            ParsedCluster& c = by_number[number];
            if (!c.members.empty()) throw_input_error(where + ": a second S line for cluster " + std::string(f[1]));
            c.members.emplace_back(f[8]);
            c.lines.push_back(n);
        } else {
            hits[number].emplace_back(std::string(f[8]), n);
        }
    } while (++n, std::getline(in, line));
    for (auto& [number, members] : hits) {
        auto it = by_number.find(number);
        if (it == by_number.end()) {
            throw_input_error(path + ": line " + std::to_string(members.front().second) + ": cluster " +
                              std::to_string(number) + " has H lines but no S line");
        }
        for (auto& [header, line_no] : members) {
            it->second.members.push_back(std::move(header));
            it->second.lines.push_back(line_no);
        }
    }
    std::vector<ParsedCluster> clusters;
    clusters.reserve(by_number.size());
    for (auto& [number, c] : by_number) clusters.push_back(std::move(c));
    return clusters;
}

}  // namespace

std::vector<ParsedCluster> read_clusters(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw_input_error(path + ": cannot open the cluster file");
    std::string line;
    std::uint64_t n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) break;
    }
    if (line.empty()) throw_input_error(path + ": empty cluster file");
    if (is_uclust_line(line)) {
        if (n != 1) throw_input_error(path + ": line " + std::to_string(n) + ": uclust files have no empty lines");
        return read_uclust(in, line, path);
    }
    std::vector<ParsedCluster> clusters;
    do {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        ParsedCluster c;
        for (std::string_view member : split(line, ' ')) {
            c.members.emplace_back(member);
            c.lines.push_back(n);
        }
        if (!c.members.empty()) clusters.push_back(std::move(c));
    } while (++n, std::getline(in, line));
    if (in.bad()) throw_io_error(path + ": read error");
    return clusters;
}

}  // namespace plateau::amplicon
