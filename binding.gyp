{
  # The native backend of nabla. SIMD kernels live in their own translation units, compiled with
  # their ISA's flags and chosen at run time (__builtin_cpu_supports); the addon itself is plain
  # x86-64 (or whatever the host is), so the binary is safe on any CPU. No -march=native.
  "variables": {
    "nabla_common_cflags": ["-O3", "-fno-math-errno", "-fopenmp-simd", "-fvisibility=hidden", "-Wall", "-Wno-unknown-pragmas"],
  },
  "target_defaults": {
    "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "src/backend/native/cpp"],
    "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
    "cflags": ["<@(nabla_common_cflags)"],
    "cflags_cc": ["-std=gnu++17"],
    "cflags!": ["-O2", "-O0"],
    "cflags_cc!": ["-O2", "-O0"],
    "xcode_settings": { "OTHER_CFLAGS": ["<@(nabla_common_cflags)"], "GCC_OPTIMIZATION_LEVEL": "3", "CLANG_CXX_LANGUAGE_STANDARD": "gnu++17" },
  },
  "targets": [
    {
      "target_name": "nabla_simd_avx512",
      "type": "static_library",
      "sources": ["src/backend/native/cpp/isa_avx512.cc"],
      "conditions": [
        ["target_arch=='x64' or target_arch=='ia32'", {
          "cflags": ["-mavx512f", "-mavx512bw", "-mavx512dq", "-mavx512vl", "-mfma", "-mavx2"],
          "xcode_settings": { "OTHER_CFLAGS": ["-mavx512f", "-mavx512bw", "-mavx512dq", "-mavx512vl", "-mfma", "-mavx2"] },
        }],
      ],
    },
    {
      "target_name": "nabla_simd_avx2",
      "type": "static_library",
      "sources": ["src/backend/native/cpp/isa_avx2.cc"],
      "conditions": [
        ["target_arch=='x64' or target_arch=='ia32'", {
          "cflags": ["-mavx2", "-mfma"],
          "xcode_settings": { "OTHER_CFLAGS": ["-mavx2", "-mfma"] },
        }],
      ],
    },
    {
      "target_name": "nabla_native",
      "dependencies": ["nabla_simd_avx512", "nabla_simd_avx2"],
      "sources": [
        "src/backend/native/cpp/addon.cc",
        "src/backend/native/cpp/isa_generic.cc",
        "src/backend/native/cpp/dispatch.cc",
        "src/backend/native/cpp/threadpool.cc",
        "src/backend/native/cpp/elementwise.cc",
        "src/backend/native/cpp/reduce.cc",
        "src/backend/native/cpp/conv.cc",
        "src/backend/native/cpp/conv_direct.cc",
        "src/backend/native/cpp/index.cc",
        "src/backend/native/cpp/optim.cc",
        "src/backend/native/cpp/where_run.cc",
        "src/backend/native/cpp/relu_back.cc",
        "src/backend/native/cpp/attention.cc",
        "src/backend/native/cpp/norm.cc",
        "src/backend/native/cpp/act.cc",
        "src/backend/native/cpp/kmeans.cc",
        "src/backend/native/cpp/kmeans_elkan.cc",
        "src/backend/native/cpp/gram.cc",
        "src/backend/native/cpp/rnn.cc",
        "src/backend/native/cpp/rnn_api.cc",
        "src/backend/native/cpp/gbm.cc",
        "src/backend/native/cpp/svm.cc",
        "src/backend/native/cpp/cd.cc",
        "src/backend/native/cpp/knn.cc",
      ],
    },
  ],
}
