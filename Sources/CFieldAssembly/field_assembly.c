/* Everything lives in include/field_assembly.h as static inline functions, so that Swift can inline them; SwiftPM
 * needs one source file per C target. */
#include "field_assembly.h"
