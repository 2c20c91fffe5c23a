#include "gateway/executors/slurm_parsers.hpp"

#include "core/error.hpp"
#include "gateway/text.hpp"

#include <array>
#include <charconv>
#include <cstdlib>

namespace plateau::gateway::slurm {
namespace {

constexpr std::string_view k_blanks = " \t\r\n";

template <typename F>
void for_each_line(std::string_view text, F&& f) {
    while (!text.empty()) {
        const auto nl = text.find('\n');
        const std::string_view line = trim(text.substr(0, nl), k_blanks);
        if (!line.empty()) f(line);
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

std::optional<double> to_double(std::string_view s) {
    if (s.empty()) return std::nullopt;
    std::string copy(s);
    char* end = nullptr;
    const double value = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size()) return std::nullopt;
    return value;
}

std::string_view first_word(std::string_view s) {
    s = trim(s, k_blanks);
    return s.substr(0, s.find(' '));
}

}  // namespace

std::optional<std::string> parse_sbatch_parsable(std::string_view out) {
    std::optional<std::string> id;
    for_each_line(out, [&](std::string_view line) {
        const std::string_view candidate = line.substr(0, line.find(';'));
        if (!id && all_digits(candidate)) id = std::string(candidate);
    });
    return id;
}

std::vector<QueueLine> parse_squeue(std::string_view out) {
    std::vector<QueueLine> lines;
    for_each_line(out, [&](std::string_view line) {
        const auto fields = split(line, '|');
        if (fields.size() < 2 || trim(fields[0], k_blanks).empty() || trim(fields[1], k_blanks).empty()) return;
        QueueLine q;
        q.job_id = std::string(trim(fields[0], k_blanks));
        q.state = std::string(first_word(fields[1]));
        if (fields.size() > 2) q.reason = std::string(trim(fields[2], k_blanks));
        if (fields.size() > 3) q.elapsed_seconds = parse_duration(trim(fields[3], k_blanks));
        lines.push_back(std::move(q));
    });
    return lines;
}

std::optional<double> parse_duration(std::string_view text) {
    text = trim(text, k_blanks);
    if (text.empty() || text == "INVALID" || text == "UNLIMITED" || text == "Partition_Limit" || text == "NOT_SET")
        return std::nullopt;
    double days = 0;
    if (const auto dash = text.find('-'); dash != std::string_view::npos) {
        const auto d = parse_integer(text.substr(0, dash));
        if (!d || *d < 0) return std::nullopt;
        days = static_cast<double>(*d);
        text.remove_prefix(dash + 1);
        // "D-HH" and "D-HH:MM" count from hours.
        const auto parts = split(text, ':');
        if (parts.size() > 3) return std::nullopt;
        double seconds = 0;
        const std::array<double, 3> unit{3600, 60, 1};
        for (std::size_t i = 0; i < parts.size(); ++i) {
            const auto v = to_double(parts[i]);
            if (!v || *v < 0) return std::nullopt;
            seconds += *v * unit[i];
        }
        return days * 86400 + seconds;
    }
    const auto parts = split(text, ':');
    if (parts.size() > 3) return std::nullopt;
    double seconds = 0;
    for (const auto part : parts) {
        const auto v = to_double(part);
        if (!v || *v < 0) return std::nullopt;
        seconds = seconds * 60 + *v;
    }
    return seconds;
}

std::optional<std::int64_t> parse_memory_kb(std::string_view text) {
    text = trim(text, k_blanks);
    if (text.empty()) return std::nullopt;
    double factor = 1.0 / 1024.0;  // no suffix: bytes
    switch (text.back()) {
    case 'K': case 'k': factor = 1; break;
    case 'M': case 'm': factor = 1024; break;
    case 'G': case 'g': factor = 1024.0 * 1024; break;
    case 'T': case 't': factor = 1024.0 * 1024 * 1024; break;
    default: break;
    }
    if (factor != 1.0 / 1024.0) text.remove_suffix(1);
    const auto value = to_double(text);
    if (!value || *value < 0) return std::nullopt;
    return static_cast<std::int64_t>(*value * factor + 0.5);
}

std::optional<AccountingRecord> parse_sacct(std::string_view out, std::string_view job_id) {
    std::optional<AccountingRecord> record;
    std::optional<std::int64_t> max_rss;
    std::optional<double> step_cpu;
    for_each_line(out, [&](std::string_view line) {
        const auto f = split(line, '|');
        if (f.size() < 3) return;
        const std::string_view id = trim(f[0], k_blanks);
        const bool allocation = id == job_id;
        const bool step = id.size() > job_id.size() && id.substr(0, job_id.size()) == job_id && id[job_id.size()] == '.';
        if (!allocation && !step) return;
        if (f.size() > 5)
            if (auto rss = parse_memory_kb(f[5])) max_rss = std::max(max_rss.value_or(0), *rss);
        if (step && f.size() > 4)
            if (auto cpu = parse_duration(f[4])) step_cpu = step_cpu.value_or(0) + *cpu;
        if (!allocation) return;
        AccountingRecord r;
        r.job_id = std::string(id);
        r.state = std::string(first_word(f[1]));
        const auto exit_parts = split(trim(f[2], k_blanks), ':');
        r.exit_code = static_cast<int>(parse_integer(exit_parts[0]).value_or(0));
        if (exit_parts.size() > 1) r.exit_signal = static_cast<int>(parse_integer(exit_parts[1]).value_or(0));
        if (f.size() > 3) r.elapsed_seconds = parse_duration(f[3]);
        if (f.size() > 4) r.total_cpu_seconds = parse_duration(f[4]);
        record = std::move(r);
    });
    if (record) {
        record->max_rss_kb = max_rss;
        if (!record->total_cpu_seconds) record->total_cpu_seconds = step_cpu;
    }
    return record;
}

std::optional<Verdict> classify_state(std::string_view state, std::string_view reason, bool cancel_requested) {
    struct Failure {
        std::string_view state, reason, detail;
    };
    static constexpr std::array<Failure, 9> k_failures{{
        {"TIMEOUT", "walltime_reached", "Slurm killed the job at its time limit (TIMEOUT)"},
        {"OUT_OF_MEMORY", "memory_limit_reached", "Slurm killed the job for exceeding its memory (OUT_OF_MEMORY)"},
        {"NODE_FAIL", "node_failure", "the node running the job failed (NODE_FAIL)"},
        {"PREEMPTED", "preempted", "the job was preempted (PREEMPTED)"},
        {"BOOT_FAIL", "boot_failure", "the node failed to boot for the job (BOOT_FAIL)"},
        {"DEADLINE", "deadline_reached", "the job reached its deadline (DEADLINE)"},
        {"REVOKED", "revoked", "the job was revoked by a federated cluster (REVOKED)"},
        {"SPECIAL_EXIT", "special_exit", "the job ended in SPECIAL_EXIT"},
        {"CANCELLED", "cancelled_by_scheduler", "the job was cancelled outside the gateway (CANCELLED)"},
    }};
    static constexpr std::array<std::string_view, 7> k_queued{"PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED",
                                                               "RESV_DEL_HOLD", "CONFIGURING_PENDING", "POWER_UP_NODE"};
    static constexpr std::array<std::string_view, 8> k_running{"RUNNING",  "COMPLETING", "CONFIGURING", "SIGNALING",
                                                                "STAGE_OUT", "RESIZING",   "SUSPENDED",   "STOPPED"};
    state = first_word(state);
    Verdict v;
    for (auto q : k_queued)
        if (state == q) return v;
    for (auto r : k_running)
        if (state == r) {
            v.phase = ExecutorPhase::running;
            return v;
        }
    v.phase = ExecutorPhase::finished;
    if (state == "COMPLETED" || state == "FAILED") {
        if (state == "FAILED") v.detail = "Slurm state FAILED" + (reason.empty() ? std::string{} : " (" + std::string(reason) + ")");
        return v;
    }
    if (state == "CANCELLED" && cancel_requested) {
        v.cancelled = true;
        return v;
    }
    for (const auto& f : k_failures)
        if (state == f.state) {
            v.failure_reason = std::string(f.reason);
            v.detail = std::string(f.detail);
            if (!reason.empty() && reason != "None") v.detail += "; reason: " + std::string(reason);
            return v;
        }
    return std::nullopt;
}

namespace {

// Options a client may set; true when the option takes a value.
struct NativeOption {
    std::string_view name;
    bool value;
};

constexpr std::array<NativeOption, 40> k_allowed_native_options{{
    {"-p", true}, {"--partition", true}, {"-t", true}, {"--time", true}, {"--time-min", true},
    {"-c", true}, {"--cpus-per-task", true}, {"-n", true}, {"--ntasks", true}, {"-N", true},
    {"--nodes", true}, {"--ntasks-per-node", true}, {"--mincpus", true}, {"--mem", true},
    {"--mem-per-cpu", true}, {"--mem-per-gpu", true}, {"--gres", true}, {"-G", true}, {"--gpus", true},
    {"--gpus-per-node", true}, {"--gpus-per-task", true}, {"--cpus-per-gpu", true}, {"-q", true},
    {"--qos", true}, {"-A", true}, {"--account", true}, {"-C", true}, {"--constraint", true},
    {"--exclusive", false}, {"--tmp", true}, {"-H", false}, {"--hold", false}, {"--begin", true},
    {"--nice", true}, {"--reservation", true}, {"-w", true}, {"--nodelist", true}, {"-x", true},
    {"--exclude", true}, {"--comment", true},
}};

// Whitespace-separated words; single or double quotes group a word.
std::vector<std::string> split_quoted_words(std::string_view spec) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    char quote = 0;
    for (char c : spec) {
        if (quote) {
            if (c == quote) quote = 0;
            else word.push_back(c);
        } else if (c == '\'' || c == '"') {
            quote = c;
            in_word = true;
        } else if (c == ' ' || c == '\t' || c == '\n') {
            if (in_word) words.push_back(std::move(word));
            word.clear();
            in_word = false;
        } else {
            word.push_back(c);
            in_word = true;
        }
    }
    if (quote) throw_input_error("native specification has an unterminated quote");
    if (in_word) words.push_back(std::move(word));
    return words;
}

// The allowed option a word names, and whether a value is attached to it ("--time=5", "-pdebug").
std::pair<const NativeOption*, bool> native_option(const std::string& w) {
    if (w.empty() || w.front() != '-') throw_input_error("native specification: '" + w + "' is not an option");
    std::string_view name = w;
    bool attached = false;
    if (w.starts_with("--")) {
        if (const auto eq = w.find('='); eq != std::string::npos) {
            name = std::string_view(w).substr(0, eq);
            attached = true;
        }
    } else if (w.size() > 2) {
        name = std::string_view(w).substr(0, 2);  // -p debug written as -pdebug
        attached = true;
    }
    for (const auto& o : k_allowed_native_options)
        if (o.name == name) return {&o, attached};
    throw_input_error("native specification option '" + std::string(name) +
                      "' is not allowed through the gateway (allowed: partition, time, cpus, tasks, nodes, "
                      "memory, gres/gpus, qos, account, constraint, exclusive, tmp, hold, begin, nice, "
                      "reservation, nodelist, exclude, comment)");
}

}  // namespace

std::vector<std::string> checked_native_specification(std::string_view spec) {
    const std::vector<std::string> words = split_quoted_words(spec);
    std::vector<std::string> args;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        const auto [option, attached] = native_option(w);
        // A flag with text attached ("-Ho/tmp/x") would reach sbatch's getopt as more bundled
        // short options; only options that take a value may carry one (and --exclusive=user).
        const bool exclusive = option->name == "--exclusive";
        if (!option->value && attached && !exclusive)
            throw_input_error("native specification option '" + std::string(option->name) + "' takes no value: '" + w + "'");
        args.push_back(w);
        if (option->value && !attached && !exclusive) {
            if (i + 1 >= words.size()) throw_input_error("native specification option '" + w + "' needs a value");
            args.push_back(words[++i]);
        }
    }
    return args;
}

namespace {

// One field of a walltime: 1 to 9 decimal digits, below `limit` when one is given (0: none).
std::optional<long long> walltime_field(std::string_view s, long long limit) {
    if (s.empty() || s.size() > 9 || !all_digits(s)) return std::nullopt;
    const auto value = parse_integer(s);
    if (!value || (limit > 0 && *value >= limit)) return std::nullopt;
    return value;
}

}  // namespace

std::optional<long long> parse_walltime(std::string_view text) {
    text = trim(text, k_blanks);
    long long days = 0;
    bool with_days = false;
    if (const auto dash = text.find('-'); dash != std::string_view::npos) {
        const auto d = walltime_field(text.substr(0, dash), 0);
        if (!d) return std::nullopt;
        days = *d;
        with_days = true;
        text.remove_prefix(dash + 1);
    }
    const auto parts = split(text, ':');
    if (parts.size() > 3) return std::nullopt;
    // Units of each field, most significant first: plain seconds, MM:SS and HH:MM:SS, or after
    // "D-": HH, HH:MM and HH:MM:SS. Every field but the first (or the hours after a day) is < 60.
    static constexpr std::array<long long, 3> k_units{3600, 60, 1};
    const std::size_t first = with_days ? 0 : 3 - parts.size();
    long long seconds = days * 86400;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::size_t unit = first + i;
        const long long limit = (unit == 0) ? (with_days ? 24 : 0) : (i == 0 ? 0 : 60);
        const auto v = walltime_field(parts[i], limit);
        if (!v) return std::nullopt;
        seconds += *v * k_units[unit];
    }
    return seconds;
}

std::optional<double> parse_bash_times(std::string_view text) {
    // "0m0.001s 0m0.002s\n1m2.500s 0m0.250s\n"
    std::vector<std::string_view> lines;
    for_each_line(text, [&](std::string_view line) { lines.push_back(line); });
    if (lines.size() < 2) return std::nullopt;
    double total = 0;
    const auto fields = split(lines[1], ' ');
    int parsed = 0;
    for (auto field : fields) {
        field = trim(field, k_blanks);
        if (field.empty()) continue;
        const auto m = field.find('m');
        if (m == std::string_view::npos || field.back() != 's') return std::nullopt;
        const auto minutes = to_double(field.substr(0, m));
        const auto seconds = to_double(field.substr(m + 1, field.size() - m - 2));
        if (!minutes || !seconds) return std::nullopt;
        total += *minutes * 60 + *seconds;
        ++parsed;
    }
    if (parsed != 2) return std::nullopt;
    return total;
}

}  // namespace plateau::gateway::slurm
