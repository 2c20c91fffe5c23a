// class2d::Communicator over MPI_COMM_WORLD (plateau-class2d-mpi only; the library never sees MPI).
#pragma once

#include "class2d/communicator.hpp"

namespace plateau::class2d_cli {

/// MPI_Init_thread (funneled: only the calling thread talks MPI) and MPI_Finalize.
class MpiSession {
public:
    MpiSession(int* argc, char*** argv);
    ~MpiSession();
    MpiSession(const MpiSession&) = delete;
    MpiSession& operator=(const MpiSession&) = delete;
    /// Ends every rank with this status (a rank that failed cannot leave the others waiting).
    [[noreturn]] static void abort(int status);
};

class MpiCommunicator final : public class2d::Communicator {
public:
    MpiCommunicator();
    [[nodiscard]] int rank() const override { return rank_; }
    [[nodiscard]] int size() const override { return size_; }
    std::vector<std::vector<char>> gather(const std::vector<char>& bytes) override;
    void broadcast(std::vector<char>& bytes) override;

private:
    int rank_ = 0, size_ = 1;
};

}  // namespace plateau::class2d_cli
