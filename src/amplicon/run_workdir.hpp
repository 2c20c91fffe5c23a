// The folders of a `run`: <outdir>/work for the intermediate files of every step and
// <outdir>/work/out for the final outputs until every step has succeeded. publish() renames the
// final outputs into <outdir>; the destructor removes <outdir>/work unless it is to be kept, so a
// failed run leaves no final output and no intermediate file behind.
#pragma once

#include <string>
#include <vector>

namespace plateau::amplicon {

class RunWorkDir {
public:
    // Creates <outdir> (and parents) and <outdir>/work/out; throws ErrorCode::Io naming the folder.
    RunWorkDir(const std::string& outdir, bool keep);
    ~RunWorkDir();
    RunWorkDir(const RunWorkDir&) = delete;
    RunWorkDir& operator=(const RunWorkDir&) = delete;

    [[nodiscard]] std::string work(const std::string& name) const;    // <outdir>/work/<name>
    [[nodiscard]] std::string staged(const std::string& name) const;  // <outdir>/work/out/<name>
    // Renames <outdir>/work/out/<name> to <outdir>/<name> for each name, in order.
    void publish(const std::vector<std::string>& names) const;

private:
    std::string m_outdir, m_work;
    bool m_keep = false;
};

}  // namespace plateau::amplicon
