/* The multiplication lives in include/field_assembly.h as static inline functions, so that Swift can inline them.
 * This file holds the one thing that must run before any of it: the CPU check. */
#include "field_assembly.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <stdio.h>
#include <stdlib.h>

/* Every Swift target is built for Broadwell-level x86-64 (see Package.swift) and the field multiplication uses MULX
 * (BMI2) and ADCX/ADOX (ADX). On an older CPU the first such instruction would stop the process with an
 * illegal-instruction signal; this check, compiled for baseline x86-64 and run before main, says why instead. */
__attribute__((constructor)) static void zkml_require_cpu_features(void) {
    unsigned int eax, ebx, ecx, edx;
    if (__get_cpuid_max(0, 0) >= 7) {
        __cpuid_count(7, 0, eax, ebx, ecx, edx);
        const unsigned int bmi2 = 1u << 8, adx = 1u << 19;
        if ((ebx & bmi2) && (ebx & adx)) return;
    }
    fputs("zkml: this build needs an x86-64 CPU with BMI2 and ADX (Intel Broadwell or AMD Zen and later); "
          "this CPU lacks them\n", stderr);
    exit(2);
}
#endif
