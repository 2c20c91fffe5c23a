// MPI transport for plateau-class2d-mpi (mpi_communicator.hpp). Messages go point to point, in
// pieces of at most 1 GiB (MPI counts are int), so a block's results may be any size.
#include "mpi_communicator.hpp"

#include "core/error.hpp"

#include <mpi.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace plateau::class2d_cli {
namespace {

constexpr std::size_t k_piece = std::size_t{1} << 30;
constexpr int k_tag = 7;

void check(int status, const char* what) {
    if (status != MPI_SUCCESS) throw Error(ErrorCode::Internal, std::string("MPI: ") + what + " failed");
}

void send_bytes(const std::vector<char>& bytes, int to) {
    const std::uint64_t n = bytes.size();
    check(MPI_Send(&n, 1, MPI_UINT64_T, to, k_tag, MPI_COMM_WORLD), "MPI_Send");
    for (std::size_t at = 0; at < bytes.size(); at += k_piece) {
        const auto count = static_cast<int>(std::min(k_piece, bytes.size() - at));
        check(MPI_Send(bytes.data() + at, count, MPI_BYTE, to, k_tag, MPI_COMM_WORLD), "MPI_Send");
    }
}

std::vector<char> receive_bytes(int from) {
    std::uint64_t n = 0;
    check(MPI_Recv(&n, 1, MPI_UINT64_T, from, k_tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
    std::vector<char> bytes(n);
    for (std::size_t at = 0; at < bytes.size(); at += k_piece) {
        const auto count = static_cast<int>(std::min(k_piece, bytes.size() - at));
        check(MPI_Recv(bytes.data() + at, count, MPI_BYTE, from, k_tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
    }
    return bytes;
}

}  // namespace

MpiSession::MpiSession(int* argc, char*** argv) {
    int provided = 0;
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
}

MpiSession::~MpiSession() { MPI_Finalize(); }

void MpiSession::abort(int status) {
    MPI_Abort(MPI_COMM_WORLD, status);
    std::exit(status);  // not reached
}

MpiCommunicator::MpiCommunicator() {
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

std::vector<std::vector<char>> MpiCommunicator::gather(const std::vector<char>& bytes) {
    if (rank_ != 0) {
        send_bytes(bytes, 0);
        return {};
    }
    std::vector<std::vector<char>> all{bytes};
    for (int r = 1; r < size_; ++r) all.push_back(receive_bytes(r));
    return all;
}

void MpiCommunicator::broadcast(std::vector<char>& bytes) {
    std::uint64_t n = bytes.size();
    check(MPI_Bcast(&n, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD), "MPI_Bcast");
    bytes.resize(n);
    for (std::size_t at = 0; at < bytes.size(); at += k_piece) {
        const auto count = static_cast<int>(std::min(k_piece, bytes.size() - at));
        check(MPI_Bcast(bytes.data() + at, count, MPI_BYTE, 0, MPI_COMM_WORLD), "MPI_Bcast");
    }
}

}  // namespace plateau::class2d_cli
