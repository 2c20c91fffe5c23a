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

template <class Slot>
void run_ordered_pipeline(std::size_t workers, const PipelineStages<Slot>& stages) {
    if (workers == 0) workers = 1;
    const std::size_t slot_count = 2 * workers + 2;
    std::vector<Slot> slots(slot_count);

    std::mutex mutex;
    std::condition_variable changed;
    std::deque<Slot*> free_slots;
    std::deque<std::pair<std::uint64_t, Slot*>> work;
    std::map<std::uint64_t, Slot*> done;
    std::uint64_t produced = 0;
    bool input_finished = false;
    bool stopping = false;
    std::exception_ptr failure;
    for (Slot& s : slots) free_slots.push_back(&s);

    auto fail = [&](std::exception_ptr e) {
        std::lock_guard lock(mutex);
        if (!failure) failure = e;
        stopping = true;
        changed.notify_all();
    };

    std::thread reader([&] {
        try {
            for (;;) {
                Slot* slot = nullptr;
                {
                    std::unique_lock lock(mutex);
                    changed.wait(lock, [&] { return stopping || !free_slots.empty(); });
                    if (stopping) return;
                    slot = free_slots.front();
                    free_slots.pop_front();
                }
                bool more = stages.produce(*slot);
                std::lock_guard lock(mutex);
                if (!more) {
                    free_slots.push_back(slot);
                    input_finished = true;
                    changed.notify_all();
                    return;
                }
                work.emplace_back(produced++, slot);
                changed.notify_all();
            }
        } catch (...) {
            fail(std::current_exception());
        }
    });

    std::vector<std::thread> pool;
    for (std::size_t w = 0; w < workers; ++w) {
        pool.emplace_back([&, w] {
            try {
                for (;;) {
                    std::pair<std::uint64_t, Slot*> item;
                    {
                        std::unique_lock lock(mutex);
                        changed.wait(lock, [&] { return stopping || !work.empty() || input_finished; });
                        if (stopping || (work.empty() && input_finished)) return;
                        item = work.front();
                        work.pop_front();
                    }
                    stages.process(w, *item.second);
                    std::lock_guard lock(mutex);
                    done.emplace(item.first, item.second);
                    changed.notify_all();
                }
            } catch (...) {
                fail(std::current_exception());
            }
        });
    }

    try {
        for (std::uint64_t next = 0;; ++next) {
            Slot* slot = nullptr;
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] {
                    return stopping || done.count(next) > 0 || (input_finished && next == produced);
                });
                if (stopping) break;
                auto it = done.find(next);
                if (it == done.end()) break;  // all batches consumed
                slot = it->second;
                done.erase(it);
            }
            stages.consume(*slot);
            std::lock_guard lock(mutex);
            free_slots.push_back(slot);
            changed.notify_all();
        }
    } catch (...) {
        fail(std::current_exception());
    }
    {
        std::lock_guard lock(mutex);
        stopping = true;
        changed.notify_all();
    }
    reader.join();
    for (std::thread& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace plateau::core
