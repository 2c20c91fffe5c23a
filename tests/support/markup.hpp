// Checks on generated markup (HTML reports, SVG plots) shared by the report tests.
#pragma once

#include <string>
#include <vector>

namespace plateau::test {

inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

/// Minimal XML structure check: every start tag is closed in order (comments,
/// the doctype and self-closing tags aside), attribute quotes are balanced, and
/// no raw '<' or '&' that is not markup or an entity appears in text.
inline std::string tag_balance_error(const std::string& doc) {
    std::vector<std::string> stack;
    for (std::size_t i = 0; i < doc.size(); ++i) {
        if (doc[i] == '&') {
            const auto semi = doc.find(';', i);
            if (semi == std::string::npos || semi - i > 10) return "bare & at " + std::to_string(i);
            continue;
        }
        if (doc[i] != '<') continue;
        if (doc.compare(i, 2, "<!") == 0) {
            i = doc.find('>', i);
            if (i == std::string::npos) return "unterminated declaration";
            continue;
        }
        std::size_t end = i + 1;
        char quote = 0;
        for (; end < doc.size(); ++end) {
            if (quote != 0) {
                if (doc[end] == quote) quote = 0;
            } else if (doc[end] == '"' || doc[end] == '\'') {
                quote = doc[end];
            } else if (doc[end] == '<') {
                return "'<' inside a tag at " + std::to_string(end);
            } else if (doc[end] == '>') {
                break;
            }
        }
        if (end >= doc.size()) return "unterminated tag at " + std::to_string(i);
        const std::string tag = doc.substr(i + 1, end - i - 1);
        if (tag.empty()) return "empty tag at " + std::to_string(i);
        if (tag[0] == '/') {
            const std::string name = tag.substr(1);
            if (stack.empty() || stack.back() != name)
                return "</" + name + "> closes <" + (stack.empty() ? "" : stack.back()) + ">";
            stack.pop_back();
        } else if (tag.back() != '/') {
            stack.push_back(tag.substr(0, tag.find_first_of(" \t\n")));
        }
        i = end;
    }
    return stack.empty() ? "" : "unclosed <" + stack.back() + ">";
}

}  // namespace plateau::test
