// How classify() shares its passes between processes (MPI ranks, docs/class2d.md "MPI"). This is an
// interface only: the MPI implementation lives beside the plateau-class2d-mpi executable
// (tools/plateau-class2d/mpi_communicator.*), so this library never needs MPI.
#pragma once

#include <vector>

namespace plateau::class2d {

class Communicator {
public:
    Communicator() = default;
    Communicator(const Communicator&) = delete;
    Communicator& operator=(const Communicator&) = delete;
    virtual ~Communicator() = default;
    [[nodiscard]] virtual int rank() const = 0;  // 0 .. size-1; rank 0 reduces and writes
    [[nodiscard]] virtual int size() const = 0;
    // Collective: every rank's bytes, in rank order, at rank 0; the other ranks get an empty list.
    virtual std::vector<std::vector<char>> gather(const std::vector<char>& bytes) = 0;
    // Collective: rank 0's bytes replace `bytes` on every rank.
    virtual void broadcast(std::vector<char>& bytes) = 0;
};

}  // namespace plateau::class2d
