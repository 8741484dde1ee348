// Per-ISA vector math (included by isa_body.h inside an ISA namespace; no include guard on
// purpose).
//
// Vectorisable float32 math (branch-free; GCC turns the loops that call these into SIMD).
// Max errors against correctly rounded results, measured over float32 (see test/backend):
// exp ~1 ulp, log ~1 ulp, tanh ~2 ulp, erf ~1 ulp. float64 uses the C library.

static inline float bits_f(std::uint32_t u) { return __builtin_bit_cast(float, u); }
static inline std::uint32_t f_bits(float f) { return __builtin_bit_cast(std::uint32_t, f); }

static inline float vexp(float x) {
  x = x > 88.8f ? 88.8f : x;  // NaN passes both clamps unchanged
  x = x < -104.0f ? -104.0f : x;
  float t = x * 1.44269504088896341f + 12582912.0f;  // 1.5 * 2^23: rounds to an integer
  float n = t - 12582912.0f;
  std::int32_t ni = std::int32_t(f_bits(t) - 0x4B400000u);
  float r = x - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float r2 = r * r;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r2 + r + 1.0f;
  std::int32_t n1 = ni >> 1, n2 = ni - n1;  // two factors keep 2^n finite down to the subnormals
  float s1 = bits_f(std::uint32_t(n1 + 127) << 23), s2 = bits_f(std::uint32_t(n2 + 127) << 23);
  return p * s1 * s2;
}

static inline float vlog(float x) {
  const float xin = x;
  const bool sub = x < 1.17549435e-38f;
  x = sub ? x * 8388608.0f : x;
  std::uint32_t u = f_bits(x);
  std::int32_t e = std::int32_t((u >> 23) & 0xffu) - 126;
  e = sub ? e - 23 : e;
  float m = bits_f((u & 0x007fffffu) | 0x3f000000u);  // [0.5, 1)
  const bool lo = m < 0.707106781186547524f;
  float ef = float(e) - (lo ? 1.0f : 0.0f);
  m = lo ? (m + m - 1.0f) : (m - 1.0f);
  float z = m * m;
  float y = 7.0376836292e-2f;
  y = y * m - 1.1514610310e-1f;
  y = y * m + 1.1676998740e-1f;
  y = y * m - 1.2420140846e-1f;
  y = y * m + 1.4249322787e-1f;
  y = y * m - 1.6668057665e-1f;
  y = y * m + 2.0000714765e-1f;
  y = y * m - 2.4999993993e-1f;
  y = y * m + 3.3333331174e-1f;
  y = y * m * z;
  y += ef * -2.12194440e-4f;
  y += -0.5f * z;
  float r = (m + y) + ef * 0.693359375f;
  r = xin == 0.0f ? -INFINITY : r;
  r = xin < 0.0f ? NAN : r;
  r = xin == INFINITY ? INFINITY : r;
  r = xin != xin ? xin : r;
  return r;
}

static inline float vtanh(float x) {
  float a = std::fabs(x);
  float z = x * x;
  float s = -5.70498872745e-3f;
  s = s * z + 2.06390887954e-2f;
  s = s * z - 5.37397155531e-2f;
  s = s * z + 1.33314422036e-1f;
  s = s * z - 3.33332819422e-1f;
  s = s * z * x + x;
  float e = vexp(a + a);
  float big = std::copysign(1.0f - 2.0f / (e + 1.0f), x);
  return a < 0.625f ? s : big;
}

static inline float vsigmoid(float x) { return 1.0f / (1.0f + vexp(-x)); }

static inline float verf(float x) {
  float t = std::fabs(x), s = x * x;
  // |x| > 0.927734375: erf = 1 - exp(poly(t))
  float r = -1.72853470e-5f * t + 3.83197126e-4f;
  float u = -3.88396438e-3f * t + 2.42546219e-2f;
  r = r * s + u;
  r = r * t - 1.06777877e-1f;
  r = r * t - 6.34846687e-1f;
  r = r * t - 1.28717512e-1f;
  r = r * t - t;
  float big = std::copysign(1.0f - vexp(r), x);
  float q = -5.96761703e-4f;
  q = q * s + 4.99119423e-3f;
  q = q * s - 2.67681349e-2f;
  q = q * s + 1.12819925e-1f;
  q = q * s - 3.76125336e-1f;
  q = q * s + 1.28379166e-1f;
  q = q * x + x;
  return t > 0.927734375f ? big : q;
}

#if NABLA_LEVEL == 512
// exp over 16 floats with AVX-512: the same reduction and polynomial as vexp, with the 2^n
// scaling done by vscalefps (exact, and it handles overflow to inf and gradual underflow).
static inline __m512 exp16(__m512 x) {
  x = _mm512_min_ps(_mm512_set1_ps(88.8f), x);  // min/max return the second operand on NaN
  x = _mm512_max_ps(_mm512_set1_ps(-104.0f), x);
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.9875691500e-4f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
  p = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
  return _mm512_scalef_ps(p, n);
}
// out[i] = exp(x[i] - shift) for a contiguous row; returns the row's sum when asked (two float
// accumulators of 16 lanes, each summing at most n/32 terms, then combined in double).
static inline double exp_row16(i64 n, const float* x, float* out, float shift, bool want_sum) {
  const __m512 sh = _mm512_set1_ps(shift);
  __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
  double total = 0.0;
  i64 i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m512 e0 = exp16(_mm512_sub_ps(_mm512_loadu_ps(x + i), sh));
    const __m512 e1 = exp16(_mm512_sub_ps(_mm512_loadu_ps(x + i + 16), sh));
    _mm512_storeu_ps(out + i, e0);
    _mm512_storeu_ps(out + i + 16, e1);
    s0 = _mm512_add_ps(s0, e0);
    s1 = _mm512_add_ps(s1, e1);
    if (want_sum && (i & 4095) == 4064) {  // flush every 4096 elements to keep float sums short
      total += double(_mm512_reduce_add_ps(_mm512_add_ps(s0, s1)));
      s0 = s1 = _mm512_setzero_ps();
    }
  }
  for (; i < n; i += 16) {
    const __mmask16 k = n - i >= 16 ? __mmask16(0xffff) : __mmask16((1u << (n - i)) - 1u);
    const __m512 e = _mm512_maskz_mov_ps(k, exp16(_mm512_sub_ps(_mm512_maskz_loadu_ps(k, x + i), sh)));
    _mm512_mask_storeu_ps(out + i, k, e);
    s0 = _mm512_add_ps(s0, e);
  }
  if (!want_sum) return 0.0;
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, _mm512_add_ps(s0, s1));
  for (float v : lanes) total += double(v);
  return total;
}
#define NABLA_HAVE_EXP_ROW 1
#endif

// Overloads so the row kernels read the same for float and double.
static inline float m_exp(float x) { return vexp(x); }
static inline double m_exp(double x) { return std::exp(x); }
static inline float m_log(float x) { return vlog(x); }
static inline double m_log(double x) { return std::log(x); }
static inline float m_tanh(float x) { return vtanh(x); }
static inline double m_tanh(double x) { return std::tanh(x); }
static inline float m_sigmoid(float x) { return vsigmoid(x); }
static inline double m_sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
static inline float m_erf(float x) { return verf(x); }
static inline double m_erf(double x) { return std::erf(x); }
