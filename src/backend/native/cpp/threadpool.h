// A persistent pool of worker threads. Calls from JavaScript are synchronous: the calling thread
// takes part in the work and returns when every task is done.
#pragma once
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace nabla {

// Runs fn(task, ctx) for task in [0, ntasks) across the pool (the caller included), and waits.
// Tasks are handed out dynamically, one at a time.
using TaskFn = void (*)(std::int64_t task, void* ctx);
void parallel_tasks(std::int64_t ntasks, TaskFn fn, void* ctx);

// Number of threads that run tasks (the caller included): NABLA_THREADS, else the machine's.
int pool_threads();

// Convenience: splits [0, n) into at most pool_threads() contiguous chunks of at least `grain`
// elements (aligned to `align`) and runs body(begin, end) on each, in parallel.
template <class F>
void parallel_for(std::int64_t n, std::int64_t grain, F&& body, std::int64_t align = 1) {
  if (n <= 0) return;
  int nt = pool_threads();
  std::int64_t chunks = grain > 0 ? n / grain : n;
  if (chunks > nt) chunks = nt;
  if (chunks <= 1) { body(std::int64_t(0), n); return; }
  std::int64_t per = (n + chunks - 1) / chunks;
  if (align > 1) per = (per + align - 1) / align * align;
  chunks = (n + per - 1) / per;
  using Fn = std::remove_reference_t<F>;
  struct Ctx { Fn* body; std::int64_t per, n; } ctx{&body, per, n};
  parallel_tasks(chunks, [](std::int64_t t, void* c) {
    Ctx* x = static_cast<Ctx*>(c);
    std::int64_t b = t * x->per, e = b + x->per;
    if (e > x->n) e = x->n;
    if (b < e) (*x->body)(b, e);
  }, &ctx);
}

}  // namespace nabla
