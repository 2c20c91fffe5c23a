#include "core/report/json.hpp"

namespace plateau::core {

using nlohmann::json;

std::string dump_json(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

const json* json_child(const json* j, std::string_view key) {
    if (j == nullptr || !j->is_object()) return nullptr;
    const auto it = j->find(std::string(key));
    return it == j->end() ? nullptr : &*it;
}

const json* json_path(const json& root, std::initializer_list<std::string_view> keys) {
    const json* j = &root;
    for (auto k : keys) j = json_child(j, k);
    return j;
}

double json_number(const json* j, double fallback) { return j != nullptr && j->is_number() ? j->get<double>() : fallback; }

std::vector<double> json_numbers(const json* j) {
    std::vector<double> out;
    if (j == nullptr || !j->is_array()) return out;
    out.reserve(j->size());
    for (const auto& v : *j) out.push_back(v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN());
    return out;
}

std::string json_text(const json* j) {
    if (j == nullptr || j->is_null()) return {};
    return j->is_string() ? j->get<std::string>() : dump_json(*j);
}

}  // namespace plateau::core
