// Block results between ranks and the model broadcast (distributed_pass.hpp).
#include "class2d/distributed_pass.hpp"

#include "class2d/byte_buffer.hpp"
#include "class2d/checkpoint.hpp"

#include <algorithm>
#include <type_traits>

namespace plateau::class2d {
namespace {

// The messages below copy these structures field by field: a new field must be sent too (or be
// shown not to matter to rank 0), or the ranks would disagree. cli.class2d.mpi would then fail.
static_assert(sizeof(ParticleRecord) == 112, "ParticleRecord changed: update pack_block()/unpack_block()");
static_assert(sizeof(PreparedParticle) == 144, "PreparedParticle changed: update pack_block()/unpack_block()");

// A block's results as rank 0 needs them: the bucket sums, and per particle what add_block_sums
// reads (group, rounded prior offset, image power; the whole record).
std::vector<char> pack_block(const ParticleChunk& block, const BlockBuckets& buckets) {
    ByteWriter w;
    w.put(block.first);
    w.put(block.count);
    w.put_vector(buckets.bucket);
    for (std::size_t i = 0; i < buckets.bucket.size(); ++i) {
        w.put_vector(buckets.data[i]);
        w.put_vector(buckets.weight[i]);
    }
    for (std::size_t u = 0; u < block.count; ++u) {
        const PreparedParticle& p = block.prepared[u];
        const ParticleRecord& r = block.records[u];
        w.put(p.group);
        w.put(p.rounded_x_px);
        w.put(p.rounded_y_px);
        w.put_vector(p.power);
        w.put_vector(r.samples);
        for (int v : {r.best_k, r.best_psi, r.best_t, r.significant}) w.put(v);
        for (double v : {r.pmax, r.log_likelihood, r.psi_spread_deg, r.t_spread_px, r.fit}) w.put(v);
        w.put_vector(r.residual);
    }
    return std::move(w.bytes());
}

struct UnpackedBlock {
    std::size_t first = 0, count = 0;
    BlockBuckets buckets;
    std::vector<PreparedParticle> prepared;
    std::vector<ParticleRecord> records;
};

UnpackedBlock unpack_block(const std::vector<char>& bytes) {
    ByteReader r(bytes);
    UnpackedBlock b;
    b.first = r.get<std::size_t>();
    b.count = r.get<std::size_t>();
    r.get_vector(b.buckets.bucket);
    b.buckets.data.resize(b.buckets.bucket.size());
    b.buckets.weight.resize(b.buckets.bucket.size());
    for (std::size_t i = 0; i < b.buckets.bucket.size(); ++i) {
        r.get_vector(b.buckets.data[i]);
        r.get_vector(b.buckets.weight[i]);
    }
    b.prepared.resize(b.count);
    b.records.resize(b.count);
    for (std::size_t u = 0; u < b.count; ++u) {
        PreparedParticle& p = b.prepared[u];
        ParticleRecord& rec = b.records[u];
        p.group = r.get<int>();
        p.rounded_x_px = r.get<double>();
        p.rounded_y_px = r.get<double>();
        r.get_vector(p.power);
        r.get_vector(rec.samples);
        for (int* v : {&rec.best_k, &rec.best_psi, &rec.best_t, &rec.significant}) *v = r.get<int>();
        for (double* v : {&rec.pmax, &rec.log_likelihood, &rec.psi_spread_deg, &rec.t_spread_px, &rec.fit})
            *v = r.get<double>();
        r.get_vector(rec.residual);
    }
    return b;
}

}  // namespace

std::size_t distributed_block_step(const IterationContext& ctx, const ParticleChunk& block, DistributedState& state,
                                   Communicator& comm, int threads) {
    std::vector<char> mine;
    if (block.count > 0)
        mine = pack_block(block, block_bucket_sums(ctx, block.prepared, block.records, block.count, threads));
    const std::vector<std::vector<char>> all = comm.gather(mine);
    std::size_t done = 0;
    for (const std::vector<char>& bytes : all) {  // rank order = block order within the round
        if (bytes.empty()) continue;
        const UnpackedBlock b = unpack_block(bytes);
        add_block_buckets(ctx, b.buckets, *state.classes, threads);
        add_block_sums(ctx, b.prepared, b.records, b.first, b.count, *state.states, *state.assignments, *state.sums);
        done = std::max(done, b.first + b.count);
    }
    return done;
}

void share_model(ModelState& m, Communicator& comm) {
    ByteWriter w;
    if (comm.rank() == 0) pack_model(w, m);  // checkpoint.cpp: every field, in a fixed order
    comm.broadcast(w.bytes());
    if (comm.rank() == 0) return;
    ByteReader r(w.bytes());
    unpack_model(r, m);
}

}  // namespace plateau::class2d

namespace plateau::class2d {

void share_states(std::vector<ParticleState>& states, Communicator& comm) {
    static_assert(std::is_trivially_copyable_v<ParticleState>);
    ByteWriter w;
    if (comm.rank() == 0) w.put_vector(states);
    comm.broadcast(w.bytes());
    if (comm.rank() == 0) return;
    ByteReader r(w.bytes());
    r.get_vector(states);
}

}  // namespace plateau::class2d
