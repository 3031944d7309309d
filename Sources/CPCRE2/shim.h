// pcre2.h needs the code unit width before inclusion; botcensus matches 8-bit bytes.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
