// An ordered read -> process -> write pipeline with bounded memory.
// One thread produces batches, `workers` threads process them, and the calling thread consumes
// them strictly in input order, so the output is identical for any number of workers.
// A fixed pool of slots is recycled: memory is bounded by slots x batch size.
// The first exception thrown by any stage stops the pipeline and is rethrown to the caller.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace plateau::core {

template <class Slot>
struct PipelineStages {
    std::function<bool(Slot&)> produce;                    // fill the slot; false at the end of input
    std::function<void(std::size_t worker, Slot&)> process;  // worker index 0..workers-1
    std::function<void(Slot&)> consume;                    // in input order, on the calling thread
};

namespace detail {

// The shared state of one run_ordered_pipeline call and its three loops (reader thread, worker
// threads, writer on the calling thread). Every member is guarded by m_mutex.
template <class Slot>
class OrderedPipeline {
public:
    OrderedPipeline(std::size_t slot_count, const PipelineStages<Slot>& stages) : m_slots(slot_count), m_stages(stages) {
        for (Slot& s : m_slots) m_free.push_back(&s);
    }

    void fail(std::exception_ptr e) {
        std::lock_guard lock(m_mutex);
        if (!m_failure) m_failure = e;
        m_stopping = true;
        m_changed.notify_all();
    }

    void stop() {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_changed.notify_all();
    }

    [[nodiscard]] std::exception_ptr failure() const { return m_failure; }

    void read_loop() {
        for (;;) {
            Slot* slot = nullptr;
            {
                std::unique_lock lock(m_mutex);
                m_changed.wait(lock, [&] { return m_stopping || !m_free.empty(); });
                if (m_stopping) return;
                slot = m_free.front();
                m_free.pop_front();
            }
            bool more = m_stages.produce(*slot);
            std::lock_guard lock(m_mutex);
            if (!more) {
                m_free.push_back(slot);
                m_input_finished = true;
                m_changed.notify_all();
                return;
            }
            m_work.emplace_back(m_produced++, slot);
            m_changed.notify_all();
        }
    }

    void work_loop(std::size_t worker) {
        for (;;) {
            std::pair<std::uint64_t, Slot*> item;
            {
                std::unique_lock lock(m_mutex);
                m_changed.wait(lock, [&] { return m_stopping || !m_work.empty() || m_input_finished; });
                if (m_stopping || (m_work.empty() && m_input_finished)) return;
                item = m_work.front();
                m_work.pop_front();
            }
            m_stages.process(worker, *item.second);
            std::lock_guard lock(m_mutex);
            m_done.emplace(item.first, item.second);
            m_changed.notify_all();
        }
    }

    void write_loop() {
        for (std::uint64_t next = 0;; ++next) {
            Slot* slot = nullptr;
            {
                std::unique_lock lock(m_mutex);
                m_changed.wait(lock, [&] {
                    return m_stopping || m_done.count(next) > 0 || (m_input_finished && next == m_produced);
                });
                if (m_stopping) return;
                auto it = m_done.find(next);
                if (it == m_done.end()) return;  // all batches consumed
                slot = it->second;
                m_done.erase(it);
            }
            m_stages.consume(*slot);
            std::lock_guard lock(m_mutex);
            m_free.push_back(slot);
            m_changed.notify_all();
        }
    }

private:
    std::vector<Slot> m_slots;
    const PipelineStages<Slot>& m_stages;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Slot*> m_free;
    std::deque<std::pair<std::uint64_t, Slot*>> m_work;
    std::map<std::uint64_t, Slot*> m_done;
    std::uint64_t m_produced = 0;
    bool m_input_finished = false;
    bool m_stopping = false;
    std::exception_ptr m_failure;
};

// Runs `loop` and hands any exception to the pipeline, which stops every stage.
template <class Slot, class Loop>
void guarded(OrderedPipeline<Slot>& pipeline, Loop&& loop) {
    try {
        loop();
    } catch (...) {
        pipeline.fail(std::current_exception());
    }
}

}  // namespace detail

template <class Slot>
void run_ordered_pipeline(std::size_t workers, const PipelineStages<Slot>& stages) {
    if (workers == 0) workers = 1;
    detail::OrderedPipeline<Slot> pipeline(2 * workers + 2, stages);
    std::thread reader([&] { detail::guarded(pipeline, [&] { pipeline.read_loop(); }); });
    std::vector<std::thread> pool;
    for (std::size_t w = 0; w < workers; ++w)
        pool.emplace_back([&, w] { detail::guarded(pipeline, [&] { pipeline.work_loop(w); }); });
    detail::guarded(pipeline, [&] { pipeline.write_loop(); });
    pipeline.stop();
    reader.join();
    for (std::thread& t : pool) t.join();
    if (pipeline.failure()) std::rethrow_exception(pipeline.failure());
}

}  // namespace plateau::core
