#include "threadpool.h"

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define NABLA_PAUSE() _mm_pause()
#else
#define NABLA_PAUSE() ((void)0)
#endif

namespace nabla {
namespace {

class Pool {
 public:
  Pool() {
    int n = 0;
    if (const char* s = std::getenv("NABLA_THREADS")) n = std::atoi(s);
    if (n <= 0) n = int(std::thread::hardware_concurrency());
    if (n <= 0) n = 1;
    if (n > 256) n = 256;
    nthreads_ = n;
    for (int i = 1; i < n; i++) workers_.emplace_back([this] { worker(); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
      generation_.fetch_add(1);
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
  }
  int threads() const { return nthreads_; }

  void run(std::int64_t ntasks, TaskFn fn, void* ctx) {
    if (ntasks <= 0) return;
    // Nested regions (a task that itself calls parallel_tasks) run inline on their thread.
    if (nthreads_ == 1 || ntasks == 1 || inside_) {
      for (std::int64_t t = 0; t < ntasks; t++) fn(t, ctx);
      return;
    }
    std::lock_guard<std::mutex> call_lock(call_mu_);  // one parallel region at a time
    inside_ = true;
    fn_ = fn;
    ctx_ = ctx;
    ntasks_ = ntasks;
    next_.store(0, std::memory_order_relaxed);
    int helpers = int(std::min<std::int64_t>(ntasks - 1, nthreads_ - 1));
    active_.store(helpers, std::memory_order_relaxed);
    wanted_.store(helpers, std::memory_order_release);
    {
      std::lock_guard<std::mutex> lock(mu_);
      generation_.fetch_add(1, std::memory_order_release);
    }
    cv_.notify_all();
    drain();
    // Helpers that have not woken up yet are not waited for: take back their slots.
    int unclaimed = wanted_.exchange(0, std::memory_order_acq_rel);
    active_.fetch_sub(unclaimed, std::memory_order_acq_rel);
    // Wait for helpers that joined to finish (spin: the work is short and the caller is blocked).
    // Spin briefly, then yield the core: if a helper was preempted (another process on its
    // core), spinning here would keep it from running.
    for (int i = 0; active_.load(std::memory_order_acquire) != 0; i++) {
      if (i < 2000) NABLA_PAUSE();
      else std::this_thread::yield();
    }
    inside_ = false;
  }

 private:
  void drain() {
    for (;;) {
      std::int64_t t = next_.fetch_add(1, std::memory_order_relaxed);
      if (t >= ntasks_) break;
      fn_(t, ctx_);
    }
  }
  void worker() {
    inside_ = true;
    std::uint64_t seen = generation_.load();
    for (;;) {
      // Spin briefly for the next region (calls often come in quick succession), then sleep.
      std::uint64_t g = seen;
      for (int i = 0; i < 4000; i++) {
        g = generation_.load(std::memory_order_acquire);
        if (g != seen) break;
        NABLA_PAUSE();
      }
      if (g == seen) {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return generation_.load() != seen; });
        g = generation_.load();
      }
      seen = g;
      if (stop_) return;
      // Claim a helper slot; a region with fewer tasks than threads does not need everyone.
      int w = wanted_.load(std::memory_order_relaxed);
      bool joined = false;
      while (w > 0) {
        if (wanted_.compare_exchange_weak(w, w - 1, std::memory_order_acq_rel)) { joined = true; break; }
      }
      if (!joined) continue;
      drain();
      active_.fetch_sub(1, std::memory_order_acq_rel);
    }
  }

  static thread_local bool inside_;
  int nthreads_ = 1;
  std::vector<std::thread> workers_;
  std::mutex mu_, call_mu_;
  std::condition_variable cv_;
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<std::int64_t> next_{0};
  std::atomic<int> active_{0}, wanted_{0};
  bool stop_ = false;
  TaskFn fn_ = nullptr;
  void* ctx_ = nullptr;
  std::int64_t ntasks_ = 0;
};

thread_local bool Pool::inside_ = false;

Pool& pool() {
  // Leaked on purpose: joining threads during process exit can deadlock in some embedders.
  static Pool* p = new Pool();
  return *p;
}

}  // namespace

void parallel_tasks(std::int64_t ntasks, TaskFn fn, void* ctx) { pool().run(ntasks, fn, ctx); }
int pool_threads() { return pool().threads(); }

}  // namespace nabla
