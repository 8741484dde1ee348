// The GotoBLAS/BLIS-style GEMM driver, templated on a microkernel. Included by each ISA's
// translation unit (isa_*.cc), so packing and edge code get that ISA's flags too.
//
//   for jc in N by NC:             B block [KC x NC] packed once, shared by the threads (L3)
//     for pc in K by KC:
//       pack B block into NR-column micro-panels              (parallel over panels)
//       for (ic, jr-range) tiles:                              (parallel over tiles)
//         pack A block [MC x KC] into MR-row micro-panels      (each thread's own, L2)
//         for jr in NR: for ir in MR: microkernel(kc)          (B micro-panel in L1)
//
// Packing reads arbitrary row/column strides, so every transpose variant (and a batch stride of
// 0 for broadcast) costs nothing extra. C is contiguous row-major [M, N].
//
// This file has no include guard on purpose: it is included inside a per-ISA namespace (see
// isa_body.h), so that no inline function compiled with AVX-512 flags can be merged by the linker
// with the same function of the generic build.

namespace gemm_detail {

template <class T>
struct AlignedBuf {
  T* p = nullptr;
  i64 cap = 0;
  T* get(i64 n) {
    if (n > cap) {
      std::free(p);
      i64 bytes = ((n * i64(sizeof(T)) + 63) / 64) * 64;
      p = static_cast<T*>(std::aligned_alloc(64, size_t(bytes)));
      cap = p ? n : 0;
    }
    return p;
  }
  ~AlignedBuf() { std::free(p); }
};

template <class T>
T* thread_buf_a(i64 n) { thread_local AlignedBuf<T> b; return b.get(n); }
template <class T>
T* thread_buf_b(i64 n) { thread_local AlignedBuf<T> b; return b.get(n); }

// Packs rows [0, mc) x cols [0, kc) of A (element (i, p) at A[i*rsa + p*csa]) into MR-row panels:
// panel q holds, for each p, the MR values A[q*MR + 0..MR-1, p] (zero beyond mc).
template <class T, int MR>
void pack_a(i64 mc, i64 kc, const T* A, i64 rsa, i64 csa, T* buf) {
  for (i64 ir = 0; ir < mc; ir += MR) {
    i64 r = std::min<i64>(MR, mc - ir);
    T* dst = buf + ir * kc;
    const T* src = A + ir * rsa;
    if (r == MR && csa == 1 && pack_a_fast<T, MR>(kc, src, rsa, dst)) {
      continue;
    } else if (r == MR && rsa == 1) {
      for (i64 p = 0; p < kc; p++) {
        const T* s = src + p * csa;
        for (int i = 0; i < MR; i++) dst[p * MR + i] = s[i];
      }
    } else if (r == MR) {
      for (i64 p = 0; p < kc; p++) {
        const T* s = src + p * csa;
        for (int i = 0; i < MR; i++) dst[p * MR + i] = s[i * rsa];
      }
    } else {
      for (i64 p = 0; p < kc; p++) {
        const T* s = src + p * csa;
        int i = 0;
        for (; i < r; i++) dst[p * MR + i] = s[i * rsa];
        for (; i < MR; i++) dst[p * MR + i] = T(0);
      }
    }
  }
}

// Packs rows [0, kc) x cols [j0, j1) of B into NR-column panels (panel-relative to j0 = 0).
template <class T, int NR>
void pack_b(i64 kc, i64 j0, i64 j1, const T* B, i64 rsb, i64 csb, T* buf) {
  for (i64 jr = j0; jr < j1; jr += NR) {
    i64 c = std::min<i64>(NR, j1 - jr);
    T* dst = buf + jr * kc;
    const T* src = B + jr * csb;
    if (c == NR && csb == 1) {
      for (i64 p = 0; p < kc; p++) {
        const T* s = src + p * rsb;
        for (int j = 0; j < NR; j++) dst[p * NR + j] = s[j];
      }
    } else if (c == NR && rsb == 1 && pack_b_fast<T, NR>(kc, src, csb, dst)) {
      continue;
    } else if (c == NR && rsb == 1) {
      // B^T stored row-major: column j of B is contiguous along p.
      for (int j = 0; j < NR; j++) {
        const T* s = src + j * csb;
        for (i64 p = 0; p < kc; p++) dst[p * NR + j] = s[p];
      }
    } else {
      for (i64 p = 0; p < kc; p++) {
        const T* s = src + p * rsb;
        int j = 0;
        for (; j < c; j++) dst[p * NR + j] = s[j * csb];
        for (; j < NR; j++) dst[p * NR + j] = T(0);
      }
    }
  }
}

template <class T>
struct Problem {
  i64 M, N, K;
  const T* A; i64 rsa, csa;
  const T* B; i64 rsb, csb;
  T* C; i64 ldc;
};

// Computes C[ic:ic+mc, jr0:jr1] (+)= Apanel * Bpanel for one KC slice. bufB holds the packed
// B block, bufA is packed here.
template <class Ker>
void macro_tile(const Problem<typename Ker::T>& pr, i64 pc, i64 kc, i64 jc, i64 ic, i64 mc, i64 jr0,
                i64 jr1, const typename Ker::T* bufB) {
  using T = typename Ker::T;
  constexpr int MR = Ker::MR, NR = Ker::NR;
  T* bufA = thread_buf_a<T>(((mc + MR - 1) / MR) * MR * kc);
  if (!bufA) return;
  pack_a<T, MR>(mc, kc, pr.A + ic * pr.rsa + pc * pr.csa, pr.rsa, pr.csa, bufA);
  const bool acc = pc > 0;
  alignas(64) T tmp[MR * NR];
  for (i64 jr = jr0; jr < jr1; jr += NR) {
    i64 nr = std::min<i64>(NR, jr1 - jr);
    const T* bp = bufB + jr * kc;
    for (i64 ir = 0; ir < mc; ir += MR) {
      i64 mr = std::min<i64>(MR, mc - ir);
      const T* ap = bufA + ir * kc;
      T* c = pr.C + (ic + ir) * pr.ldc + jc + jr;
      if (mr == MR && nr == NR) {
        Ker::kernel(kc, ap, bp, c, pr.ldc, acc);
      } else {
        Ker::kernel(kc, ap, bp, tmp, NR, false);
        for (i64 i = 0; i < mr; i++) {
          T* crow = c + i * pr.ldc;
          const T* trow = tmp + i * NR;
          if (acc) for (i64 j = 0; j < nr; j++) crow[j] += trow[j];
          else for (i64 j = 0; j < nr; j++) crow[j] = trow[j];
        }
      }
    }
  }
}

// One GEMM. `threads` > 1 splits each KC slice over the pool.
template <class Ker>
void gemm_one(const Problem<typename Ker::T>& pr, int threads) {
  using T = typename Ker::T;
  constexpr int MR = Ker::MR, NR = Ker::NR;
  const i64 M = pr.M, N = pr.N, Kd = pr.K;
  if (M <= 0 || N <= 0) return;
  if (Kd <= 0) {
    for (i64 i = 0; i < M; i++) std::memset(pr.C + i * pr.ldc, 0, size_t(N) * sizeof(T));
    return;
  }
  const i64 KC = Ker::KC, NC = Ker::NC;
  // Rows per A block: at most MC, and split so that every thread gets work.
  i64 mc_blk = Ker::MC;
  i64 tj = 1;  // ranges of NR panels per block (when M is too small to split)
  if (threads > 1) {
    i64 mpanels = (M + MR - 1) / MR;
    if (mpanels >= 4 * threads) {
      // Even A blocks, at most MC rows each, their count a multiple of the thread count.
      // At least NABLA_GEMM_SPLIT (default 2) blocks per thread, so that a thread slowed by
      // another process on its core is covered by the others (tasks are handed out dynamically).
      static const i64 split = [] {
        const char* v = std::getenv("NABLA_GEMM_SPLIT");
        const long n = v ? std::strtol(v, nullptr, 10) : 2;
        return i64(n >= 1 && n <= 16 ? n : 2);
      }();
      i64 nchunks = (mpanels * MR + mc_blk - 1) / mc_blk;
      nchunks = std::max<i64>(nchunks, std::min<i64>(split * threads, mpanels / 4));
      nchunks = (nchunks + threads - 1) / threads * threads;
      i64 per = (mpanels + nchunks - 1) / nchunks;
      mc_blk = per * MR;
    } else {
      tj = threads;
    }
  }
  const i64 bcap = ((std::min(NC, N) + NR - 1) / NR) * NR * std::min(KC, Kd);
  T* bufB = thread_buf_b<T>(bcap);
  if (!bufB) return;
  for (i64 jc = 0; jc < N; jc += NC) {
    i64 nc = std::min(NC, N - jc);
    i64 npanels = (nc + NR - 1) / NR;
    for (i64 pc = 0; pc < Kd; pc += KC) {
      i64 kc = std::min(KC, Kd - pc);
      const T* Bblk = pr.B + pc * pr.rsb + jc * pr.csb;
      if (threads > 1 && npanels >= 2) {
        struct C1 { const T* B; i64 rsb, csb, kc, nc, per; T* buf; } c1{Bblk, pr.rsb, pr.csb, kc, nc, 0, bufB};
        i64 nt = std::min<i64>(threads, npanels);
        c1.per = ((npanels + nt - 1) / nt) * NR;
        parallel_tasks(nt, [](i64 t, void* v) {
          C1* c = static_cast<C1*>(v);
          i64 j0 = t * c->per, j1 = std::min(c->nc, j0 + c->per);
          if (j0 < j1) pack_b<T, NR>(c->kc, j0, j1, c->B, c->rsb, c->csb, c->buf);
        }, &c1);
      } else {
        pack_b<T, NR>(kc, 0, nc, Bblk, pr.rsb, pr.csb, bufB);
      }
      // Tiles: ic blocks of mc_blk rows x tj ranges of NR panels.
      i64 nib = (M + mc_blk - 1) / mc_blk;
      i64 tjn = std::min<i64>(tj, npanels);
      i64 pj = (npanels + tjn - 1) / tjn;
      struct C2 { const Problem<T>* pr; i64 pc, kc, jc, nc, mc_blk, pj, tjn; const T* bufB; } c2{&pr, pc, kc, jc, nc, mc_blk, pj, tjn, bufB};
      parallel_tasks(nib * tjn, [](i64 t, void* v) {
        C2* c = static_cast<C2*>(v);
        i64 ib = t / c->tjn, jb = t % c->tjn;
        i64 ic = ib * c->mc_blk, mc = std::min(c->mc_blk, c->pr->M - ic);
        i64 jr0 = jb * c->pj * NR, jr1 = std::min(c->nc, jr0 + c->pj * NR);
        if (jr0 < jr1 && mc > 0) macro_tile<Ker>(*c->pr, c->pc, c->kc, c->jc, ic, mc, jr0, jr1, c->bufB);
      }, &c2);
    }
  }
}

// Matrix-vector products (M == 1 or N == 1): each element of the matrix is used once, so packing
// would only add traffic; these stream the matrix. Returns false for layouts they do not cover.
template <class T>
static inline T dot_contig(i64 n, const T* __restrict x, const T* __restrict y) {
  T s = T(0);
#pragma omp simd reduction(+ : s)
  for (i64 i = 0; i < n; i++) s += x[i] * y[i];
  return s;
}

template <class T>
bool gemv(const Problem<T>& pr, int threads) {
  const i64 M = pr.M, N = pr.N, K = pr.K;
  // Normalise to y[0..L) = op(Mat) * v: either y_j = sum_k v_k Mat[k, j] with rows contiguous
  // (axpy form) or y_j = dot(v, Mat[j, :]) with Mat[j, :] contiguous (dot form).
  const T* mat;
  const T* vec;
  i64 L, vstride, mstride;  // output length, vector stride, the matrix's non-contiguous stride
  bool axpy;
  if (M == 1) {
    L = N; vec = pr.A; vstride = pr.csa; mat = pr.B;
    if (pr.csb == 1) { axpy = true; mstride = pr.rsb; }
    else if (pr.rsb == 1) { axpy = false; mstride = pr.csb; }
    else return false;
  } else if (N == 1) {
    L = M; vec = pr.B; vstride = pr.rsb; mat = pr.A;
    if (pr.csa == 1) { axpy = false; mstride = pr.rsa; }
    else if (pr.rsa == 1) { axpy = true; mstride = pr.csa; }
    else return false;
  } else {
    return false;
  }
  // y is contiguous in both cases (ldc = N when M == 1; one column of ldc 1 when N == 1).
  T* y = pr.C;
  const T* v = vec;
  T* tmp = nullptr;
  if (vstride != 1 && K > 0) {
    tmp = thread_buf_a<T>(K);
    if (!tmp) return false;
    for (i64 k = 0; k < K; k++) tmp[k] = vec[k * vstride];
    v = tmp;
  }
  struct Ctx { const T* mat; const T* v; T* y; i64 K, mstride; bool axpy; } c{mat, v, y, K, mstride, axpy};
  auto body = [](const Ctx& c, i64 j0, i64 j1) {
    if (c.axpy) {
      for (i64 j = j0; j < j1; j++) c.y[j] = T(0);
      for (i64 k = 0; k < c.K; k++) {
        const T vk = c.v[k];
        const T* row = c.mat + k * c.mstride;
        T* __restrict yy = c.y;
#pragma omp simd
        for (i64 j = j0; j < j1; j++) yy[j] += vk * row[j];
      }
    } else {
      for (i64 j = j0; j < j1; j++) c.y[j] = dot_contig(c.K, c.v, c.mat + j * c.mstride);
    }
  };
  const double work = double(L) * double(K);
  if (threads <= 1 || work < 1.0e6) {
    body(c, 0, L);
  } else {
    // Even slabs of the output, aligned to a cache line of floats.
    parallel_for(L, 64, [&](i64 j0, i64 j1) { body(c, j0, j1); }, 16);
  }
  return true;
}

// A few rows of A against a row-major B (M <= 8, B's column stride 1): B is streamed once
// instead of being packed for a handful of rows. Each 64-column block keeps its M x 64 sums in
// registers across the whole K loop (M is a template parameter so the compiler can).
template <class T, int M>
static void few_rows_block(i64 K, const T* A, i64 rsa, i64 csa, const T* B, i64 rsb, T* C, i64 ldc, i64 j0, i64 w) {
  constexpr int W = 64 / sizeof(T) * 4;  // four vectors of the widest ISA
  T acc[M][W];
  for (int i = 0; i < M; i++)
    for (int j = 0; j < W; j++) acc[i][j] = T(0);
  if (w == W) {
    for (i64 k = 0; k < K; k++) {
      const T* __restrict row = B + k * rsb + j0;
#pragma GCC unroll 8
      for (int i = 0; i < M; i++) {
        const T a = A[i * rsa + k * csa];
#pragma omp simd
        for (int j = 0; j < W; j++) acc[i][j] += a * row[j];
      }
    }
  } else {
    for (i64 k = 0; k < K; k++) {
      const T* __restrict row = B + k * rsb + j0;
      for (int i = 0; i < M; i++) {
        const T a = A[i * rsa + k * csa];
        for (i64 j = 0; j < w; j++) acc[i][j] += a * row[j];
      }
    }
  }
  for (int i = 0; i < M; i++)
    for (i64 j = 0; j < w; j++) C[i * ldc + j0 + j] = acc[i][j];
}

template <class T, int M>
static void few_rows_range(const Problem<T>& pr, i64 j0, i64 j1) {
  constexpr i64 W = 64 / sizeof(T) * 4;
  for (i64 j = j0; j < j1; j += W)
    few_rows_block<T, M>(pr.K, pr.A, pr.rsa, pr.csa, pr.B, pr.rsb, pr.C, pr.ldc, j, std::min(W, j1 - j));
}

template <class T>
bool gemm_few_rows(const Problem<T>& pr, int threads) {
  const i64 M = pr.M, N = pr.N, K = pr.K;
  if (M < 2 || M > 8 || pr.csb != 1 || K <= 0) return false;
  auto body = [&](i64 j0, i64 j1) {
    switch (M) {
      case 2: few_rows_range<T, 2>(pr, j0, j1); break;
      case 3: few_rows_range<T, 3>(pr, j0, j1); break;
      case 4: few_rows_range<T, 4>(pr, j0, j1); break;
      case 5: few_rows_range<T, 5>(pr, j0, j1); break;
      case 6: few_rows_range<T, 6>(pr, j0, j1); break;
      case 7: few_rows_range<T, 7>(pr, j0, j1); break;
      default: few_rows_range<T, 8>(pr, j0, j1); break;
    }
  };
  constexpr i64 W = 64 / sizeof(T) * 4;
  if (threads <= 1 || double(M) * double(N) * double(K) < 2.0e6) body(0, N);
  else parallel_for(N, W, body, W);
  return true;
}

// Few outputs from long dot products: C[i, j] = sum_k A[i, k] B[k, j] where A's rows and B's
// columns are contiguous along k (csa == 1, rsb == 1) and M x N is small, as in a convolution's
// weight gradient gy [O, L] @ cols^T [L, C*kH*kW]. Packing would copy both operands to use each
// element only M or N times in an under-filled microkernel; this streams them instead, with an
// R x S tile of vector accumulators (R + S loads per R * S FMAs) and one horizontal sum per
// output. The last partial vector of k is read through zero-padded copies.
#if NABLA_LEVEL == 512
constexpr int kDotBytes = 64, kDotR = 6, kDotS = 4;  // 24 accumulators + 10 operands of 32 zmm
#elif NABLA_LEVEL == 256
constexpr int kDotBytes = 32, kDotR = 3, kDotS = 3;  // 9 + 6 of 16 ymm
#else
constexpr int kDotBytes = 16, kDotR = 2, kDotS = 2;
#endif
// k is processed in blocks of kDotKB so that the rows of A and B being combined stay in cache
// while every tile of C takes its share (partial sums are added into C).
constexpr i64 kDotKB = 2048;

// C[0..R, 0..S) (+)= the dot products of R rows of A with S columns of B over k in [0, K).
template <class T, int R, int S>
static void dot_tile(i64 K, const T* A, i64 rsa, const T* B, i64 csb, T* C, i64 ldc, bool acc) {
  typedef T V __attribute__((vector_size(kDotBytes)));
  constexpr int W = kDotBytes / int(sizeof(T));
  V sum[R][S];
  for (int i = 0; i < R; i++)
    for (int j = 0; j < S; j++) sum[i][j] = V{};
  const i64 K0 = K / W * W;
  for (i64 k = 0; k < K0; k += W) {
    V a[R], b[S];
    for (int i = 0; i < R; i++) __builtin_memcpy(&a[i], A + i * rsa + k, sizeof(V));
    for (int j = 0; j < S; j++) __builtin_memcpy(&b[j], B + j * csb + k, sizeof(V));
    for (int i = 0; i < R; i++)
      for (int j = 0; j < S; j++) sum[i][j] += a[i] * b[j];
  }
  if (K0 < K) {  // the last partial vector, through zero-padded copies
    V a[R] = {}, b[S] = {};
    for (int i = 0; i < R; i++) __builtin_memcpy(&a[i], A + i * rsa + K0, size_t(K - K0) * sizeof(T));
    for (int j = 0; j < S; j++) __builtin_memcpy(&b[j], B + j * csb + K0, size_t(K - K0) * sizeof(T));
    for (int i = 0; i < R; i++)
      for (int j = 0; j < S; j++) sum[i][j] += a[i] * b[j];
  }
  for (int i = 0; i < R; i++)
    for (int j = 0; j < S; j++) {
      T s = T(0);
      for (int l = 0; l < W; l++) s += sum[i][j][l];
      C[i * ldc + j] = acc ? C[i * ldc + j] + s : s;
    }
}

// An R x S tile with R counted down to the r rows left at the bottom edge.
template <class T, int R, int S>
static void dot_tile_upto(i64 kb, const T* A, i64 rsa, const T* B, i64 csb, T* C, i64 ldc, bool acc, int r) {
  if constexpr (R > 1) {
    if (r < R) return dot_tile_upto<T, R - 1, S>(kb, A, rsa, B, csb, C, ldc, acc, r);
  }
  dot_tile<T, R, S>(kb, A, rsa, B, csb, C, ldc, acc);
}

// One strip of S columns of C from column j, rows [i0, i1), over k in [k0, k0 + kb): the strip's
// S columns of B stay in L1 while the row groups of A stream past, so each block of B is read
// from memory once (A's block is the smaller one and is re-read from L2).
template <class T, int S>
static void dot_strip(const Problem<T>& pr, i64 j, i64 i0, i64 i1, i64 k0, i64 kb, bool acc) {
  const T* B = pr.B + j * pr.csb + k0;
  for (i64 i = i0; i < i1; i += kDotR) {
    dot_tile_upto<T, kDotR, S>(kb, pr.A + i * pr.rsa + k0, pr.rsa, B, pr.csb, pr.C + i * pr.ldc + j, pr.ldc, acc,
                               int(std::min<i64>(kDotR, i1 - i)));
  }
}

// The right edge strip: S counted down to the s columns left.
template <class T, int S>
static void dot_strip_upto(const Problem<T>& pr, i64 j, int s, i64 i0, i64 i1, i64 k0, i64 kb, bool acc) {
  if constexpr (S > 1) {
    if (s < S) return dot_strip_upto<T, S - 1>(pr, j, s, i0, i1, k0, kb, acc);
  }
  dot_strip<T, S>(pr, j, i0, i1, k0, kb, acc);
}

template <class T>
static void dot_range(const Problem<T>& pr, i64 i0, i64 i1) {
  for (i64 k0 = 0; k0 < pr.K; k0 += kDotKB) {
    const i64 kb = std::min(kDotKB, pr.K - k0);
    const bool acc = k0 > 0;
    i64 j = 0;
    for (; j + kDotS <= pr.N; j += kDotS) dot_strip<T, kDotS>(pr, j, i0, i1, k0, kb, acc);
    if (j < pr.N) dot_strip_upto<T, kDotS - 1>(pr, j, int(pr.N - j), i0, i1, k0, kb, acc);
  }
}

template <class T>
bool gemm_dot(const Problem<T>& pr, int threads) {
  constexpr i64 W = kDotBytes / i64(sizeof(T));
  if (pr.csa != 1 || pr.rsb != 1 || pr.K < 16 * W || pr.M * pr.N > 4096) return false;
  if (threads <= 1 || double(pr.M) * double(pr.N) * double(pr.K) < 2.0e6 || pr.M < 2 * kDotR) {
    dot_range(pr, 0, pr.M);
  } else {
    parallel_for(pr.M, kDotR, [&](i64 a, i64 b) { dot_range(pr, a, b); }, kDotR);
  }
  return true;
}

// Batched GEMM: a is [batch, M, K] with strides (sab, rsa, csa), b is [batch, K, N] with
// (sbb, rsb, csb), c is contiguous [batch, M, N].
template <class Ker>
void gemm_batched(i64 batch, i64 M, i64 N, i64 Kd, const typename Ker::T* A, i64 sab, i64 rsa, i64 csa,
                  const typename Ker::T* B, i64 sbb, i64 rsb, i64 csb, typename Ker::T* C) {
  using T = typename Ker::T;
  if (batch <= 0 || M <= 0 || N <= 0) return;
  const int nt = pool_threads();
  const double flops = double(M) * double(N) * double(Kd);
  const bool small = flops < 2.0e6;  // about 20 us on one core: not worth waking the pool
  if (nt > 1 && batch >= 2 && (batch >= 2 * nt || flops < 3.0e7) && flops * double(batch) >= 2.0e6) {
    // Many independent GEMMs: one per task, each single-threaded.
    struct Cb { i64 M, N, K; const T* A; i64 sab, rsa, csa; const T* B; i64 sbb, rsb, csb; T* C; } cb{
        M, N, Kd, A, sab, rsa, csa, B, sbb, rsb, csb, C};
    parallel_tasks(batch, [](i64 t, void* v) {
      Cb* c = static_cast<Cb*>(v);
      Problem<T> pr{c->M, c->N, c->K, c->A + t * c->sab, c->rsa, c->csa, c->B + t * c->sbb, c->rsb, c->csb,
                    c->C + t * c->M * c->N, c->N};
      if ((c->M == 1 || c->N == 1) && c->K > 0 && gemv<T>(pr, 1)) return;
      if (gemm_dot<T>(pr, 1)) return;
      if (c->M <= 8 && gemm_few_rows<T>(pr, 1)) return;
      gemm_one<Ker>(pr, 1);
    }, &cb);
    return;
  }
  for (i64 t = 0; t < batch; t++) {
    Problem<T> pr{M, N, Kd, A + t * sab, rsa, csa, B + t * sbb, rsb, csb, C + t * M * N, N};
    if ((M == 1 || N == 1) && Kd > 0 && gemv<T>(pr, nt)) continue;
    if (gemm_dot<T>(pr, nt)) continue;
    if (M <= 8 && gemm_few_rows<T>(pr, nt)) continue;
    gemm_one<Ker>(pr, small ? 1 : nt);
  }
}

}  // namespace gemm_detail
