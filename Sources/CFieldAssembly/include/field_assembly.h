#ifndef ZKML_FIELD_ASSEMBLY_H
#define ZKML_FIELD_ASSEMBLY_H

/* Montgomery multiplication of 4-limb prime-field elements with MULX, ADCX and ADOX (x86-64, Broadwell on).
 *
 * Swift has no inline assembly, and LLVM does not use ADCX/ADOX for Swift's UInt128 carry chains: it runs one carry
 * chain with ADD/ADC and spills. Here every round keeps two independent carry chains (the carry flag for the high
 * words, the overflow flag for the low words), about 150 instructions against LLVM's 225. The functions are static
 * inline so that Swift inlines them into the field type's `*`.
 *
 * Valid for moduli p < 2^255 (BN254's and Pasta's fields): for inputs below p the running value stays below 2^320
 * and the result below 2p, so five registers and one final conditional subtraction suffice. */

#include <stdint.h>

typedef struct { uint64_t limb[4]; } zkml_limbs;

#if defined(__x86_64__)

#define ZKML_FIELD_ASSEMBLY_AVAILABLE 1

typedef struct {
    uint64_t p[4];
    uint64_t inverse_negated; /* -p^-1 mod 2^64 */
} zkml_modulus;

/* One CIOS round: T += a·b_i, then T += m·p with m = T0·(-p^-1) mod 2^64, which zeroes T0. The caller rotates the
 * register names, so the zeroed T0 becomes the next round's (empty) top limb. */
#define ZKML_MONTGOMERY_ROUND(B, T0, T1, T2, T3, T4) \
    "movq " B ", %%rdx\n\t"                           \
    "xorl %%eax, %%eax\n\t"                           \
    "mulxq 0(%[a]), %[lo], %[hi]\n\t"                 \
    "adoxq %[lo], " T0 "\n\t"                         \
    "adcxq %[hi], " T1 "\n\t"                         \
    "mulxq 8(%[a]), %[lo], %[hi]\n\t"                 \
    "adoxq %[lo], " T1 "\n\t"                         \
    "adcxq %[hi], " T2 "\n\t"                         \
    "mulxq 16(%[a]), %[lo], %[hi]\n\t"                \
    "adoxq %[lo], " T2 "\n\t"                         \
    "adcxq %[hi], " T3 "\n\t"                         \
    "mulxq 24(%[a]), %[lo], %[hi]\n\t"                \
    "adoxq %[lo], " T3 "\n\t"                         \
    "adcxq %[hi], " T4 "\n\t"                         \
    "adoxq %%rax, " T4 "\n\t"                         \
    "movq " T0 ", %%rdx\n\t"                          \
    "imulq 32(%[m]), %%rdx\n\t"                       \
    "xorl %%eax, %%eax\n\t"                           \
    "mulxq 0(%[m]), %[lo], %[hi]\n\t"                 \
    "adoxq %[lo], " T0 "\n\t"                         \
    "adcxq %[hi], " T1 "\n\t"                         \
    "mulxq 8(%[m]), %[lo], %[hi]\n\t"                 \
    "adoxq %[lo], " T1 "\n\t"                         \
    "adcxq %[hi], " T2 "\n\t"                         \
    "mulxq 16(%[m]), %[lo], %[hi]\n\t"                \
    "adoxq %[lo], " T2 "\n\t"                         \
    "adcxq %[hi], " T3 "\n\t"                         \
    "mulxq 24(%[m]), %[lo], %[hi]\n\t"                \
    "adoxq %[lo], " T3 "\n\t"                         \
    "adcxq %[hi], " T4 "\n\t"                         \
    "adoxq %%rax, " T4 "\n\t"

/* a·b·2^-256 mod p for a, b < p (Montgomery form in, Montgomery form out). */
static inline __attribute__((always_inline)) zkml_limbs
zkml_montgomery_multiply(zkml_limbs a, zkml_limbs b, const zkml_modulus *m) {
    uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, lo, hi;
    __asm__(
        ZKML_MONTGOMERY_ROUND("0(%[b])", "%[t0]", "%[t1]", "%[t2]", "%[t3]", "%[t4]")
        ZKML_MONTGOMERY_ROUND("8(%[b])", "%[t1]", "%[t2]", "%[t3]", "%[t4]", "%[t0]")
        ZKML_MONTGOMERY_ROUND("16(%[b])", "%[t2]", "%[t3]", "%[t4]", "%[t0]", "%[t1]")
        ZKML_MONTGOMERY_ROUND("24(%[b])", "%[t3]", "%[t4]", "%[t0]", "%[t1]", "%[t2]")
        : [t0] "+&r"(t0), [t1] "+&r"(t1), [t2] "+&r"(t2), [t3] "+&r"(t3), [t4] "+&r"(t4),
          [lo] "=&r"(lo), [hi] "=&r"(hi)
        : [a] "r"(a.limb), [b] "r"(b.limb), [m] "r"(m),
          "m"(*(const uint64_t (*)[4])a.limb), "m"(*(const uint64_t (*)[4])b.limb),
          "m"(*(const uint64_t (*)[5])m)
        : "rax", "rdx", "cc");
    /* After four rotations the value (below 2p) sits in t4, t0, t1, t2; subtract p once unless that borrows. */
    uint64_t r[4] = {t4, t0, t1, t2};
    unsigned long long d[4];
    unsigned char borrow = 0;
    for (int i = 0; i < 4; i++) borrow = __builtin_ia32_subborrow_u64(borrow, r[i], m->p[i], &d[i]);
    zkml_limbs result;
    for (int i = 0; i < 4; i++) result.limb[i] = borrow ? r[i] : d[i];
    return result;
}

#undef ZKML_MONTGOMERY_ROUND

/* One modulus constant and one multiplication per field. */
#define ZKML_FIELD(NAME, P0, P1, P2, P3, INVERSE)                                                          \
    static const zkml_modulus zkml_##NAME##_modulus = {{P0, P1, P2, P3}, INVERSE};                         \
    static inline __attribute__((always_inline)) zkml_limbs zkml_##NAME##_multiply(zkml_limbs a, zkml_limbs b) { \
        return zkml_montgomery_multiply(a, b, &zkml_##NAME##_modulus);                                    \
    }

ZKML_FIELD(bn254_fr, 0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL,
           0xc2e1f593efffffffULL)
ZKML_FIELD(bn254_fq, 0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL,
           0x87d20782e4866389ULL)
ZKML_FIELD(pasta_fp, 0x992d30ed00000001ULL, 0x224698fc094cf91bULL, 0x0000000000000000ULL, 0x4000000000000000ULL,
           0x992d30ecffffffffULL)
ZKML_FIELD(pasta_fq, 0x8c46eb2100000001ULL, 0x224698fc0994a8ddULL, 0x0000000000000000ULL, 0x4000000000000000ULL,
           0x8c46eb20ffffffffULL)

#undef ZKML_FIELD

#endif /* __x86_64__ */

#endif /* ZKML_FIELD_ASSEMBLY_H */
