// classify() shared between ranks (class2d/distributed_pass.hpp) without MPI: the ranks are threads
// of this process talking through an in-memory Communicator (gather and broadcast over a barrier).
// 2 and 3 ranks, at 1 and 2 threads each, full EM and fast mode, must give exactly one process's
// result. cli.class2d.mpi checks the same through mpirun and plateau-class2d-mpi.
#include "class2d/communicator.hpp"
#include "synthetic.hpp"

#include <catch2/catch.hpp>

#include <barrier>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

using namespace plateau::class2d;

namespace {

struct Exchange {
    explicit Exchange(int ranks) : barrier(ranks), slots(static_cast<std::size_t>(ranks)) {}
    std::barrier<> barrier;
    std::vector<std::vector<char>> slots;
};

class ThreadCommunicator final : public Communicator {
public:
    ThreadCommunicator(Exchange& exchange, int rank) : x_(exchange), rank_(rank) {}
    [[nodiscard]] int rank() const override { return rank_; }
    [[nodiscard]] int size() const override { return static_cast<int>(x_.slots.size()); }
    std::vector<std::vector<char>> gather(const std::vector<char>& bytes) override {
        x_.slots[static_cast<std::size_t>(rank_)] = bytes;
        x_.barrier.arrive_and_wait();
        std::vector<std::vector<char>> all;
        if (rank_ == 0) all = x_.slots;
        x_.barrier.arrive_and_wait();
        return all;
    }
    void broadcast(std::vector<char>& bytes) override {
        if (rank_ == 0) x_.slots[0] = bytes;
        x_.barrier.arrive_and_wait();
        if (rank_ != 0) bytes = x_.slots[0];
        x_.barrier.arrive_and_wait();
    }

private:
    Exchange& x_;
    int rank_;
};

Class2dResult classify_on_ranks(const ParticleSource& source, const Class2dOptions& options, int ranks) {
    Exchange exchange(ranks);
    std::vector<Class2dResult> results(static_cast<std::size_t>(ranks));
    std::vector<std::string> errors(static_cast<std::size_t>(ranks));
    std::vector<std::thread> threads;
    for (int r = 0; r < ranks; ++r)
        threads.emplace_back([&, r] {
            ThreadCommunicator comm(exchange, r);
            try {
                results[static_cast<std::size_t>(r)] = classify(source, options, {}, {}, &comm);
            } catch (const std::exception& e) {  // a rank that fails would leave the others waiting
                errors[static_cast<std::size_t>(r)] = e.what();
                std::fprintf(stderr, "rank %d: %s\n", r, e.what());
                std::abort();
            }
        });
    for (auto& t : threads) t.join();
    return results[0];
}

void require_same(const Class2dResult& a, const Class2dResult& b) {
    REQUIRE(a.class_averages.size() == b.class_averages.size());
    CHECK(std::memcmp(a.class_averages.data(), b.class_averages.data(), a.class_averages.size() * sizeof(float)) == 0);
    REQUIRE(a.particles.size() == b.particles.size());
    for (std::size_t i = 0; i < a.particles.size(); ++i) {
        REQUIRE(a.particles[i].class_index == b.particles[i].class_index);
        REQUIRE(a.particles[i].psi_deg == b.particles[i].psi_deg);
        REQUIRE(a.particles[i].origin_x_a == b.particles[i].origin_x_a);
        REQUIRE(a.particles[i].max_probability == b.particles[i].max_probability);
        REQUIRE(a.particles[i].log_likelihood == b.particles[i].log_likelihood);
    }
    REQUIRE(a.iterations.size() == b.iterations.size());
    for (std::size_t i = 0; i < a.iterations.size(); ++i) {
        CHECK(a.iterations[i].log_likelihood == b.iterations[i].log_likelihood);
        CHECK(a.iterations[i].changed_assignments == b.iterations[i].changed_assignments);
        CHECK(a.iterations[i].particles == b.iterations[i].particles);
    }
    CHECK(a.sigma_offset_a == b.sigma_offset_a);
    CHECK(a.accuracy_rotation_deg == b.accuracy_rotation_deg);
}

}  // namespace

TEST_CASE("distributed: 2 and 3 ranks give one process's result", "[class2d][mpi]") {
    const synth::Set set = synth::make_set(100, 3, 0.15, 2.0, 13);
    const ParticleSource source = synth::source_of(set);
    Class2dOptions options;
    options.classes = 3;
    options.iterations = 4;
    options.particle_diameter_a = 100;
    options.zero_mask = false;  // noise fill: per-particle streams, whichever rank runs the particle
    options.block_particles = 16;  // 7 blocks, the last short: some ranks sit out the last round
    SECTION("full EM") {}
    SECTION("fast mode") {
        options.fast = true;
        options.fast_schedule.per_class_first = 15;
        options.fast_schedule.per_class_last = 25;
        options.fast_schedule.min_batch = 40;  // mini-batches of 45 .. 75 particles, then 2 full
    }
    const Class2dResult one = classify(source, options);
    for (int ranks : {2, 3}) {
        for (int threads : {1, 2}) {
            options.threads = threads;
            CAPTURE(ranks, threads);
            require_same(one, classify_on_ranks(source, options, ranks));
        }
    }
}
