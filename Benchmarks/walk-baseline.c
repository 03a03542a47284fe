/* The floor `gmemviz run` is measured against (issue 12): reads a conversion script, parses each line, applies
 * `share`/`private` with plain bitmaps (the PRIVATE attribute, faultability, and a per-1 GiB-folio count of
 * faultable pages that says when a folio splits or merges), and prints each line as `gmemviz run` does
 * (`   7  share 0x1000  → ok`). Setup lines (profile, vm, gmem, bind, allocate) are printed as ok; `gmem SIZE`
 * sizes the bitmaps. Built and run by `gmemviz-bench --filter run_walk`:  cc -O2 -o walk-baseline walk-baseline.c */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t parse_number(const char **p) {
  const char *s = *p;
  uint64_t v = 0;
  if (s[0] == '0' && s[1] == 'x') {
    for (s += 2;; s++) {
      int c = *s, d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
      else break;
      v = v << 4 | (uint64_t)d;
    }
  } else {
    while (*s >= '0' && *s <= '9') v = v * 10 + (uint64_t)(*s++ - '0');
  }
  switch (*s) {
  case 'K': v <<= 10; s++; break;
  case 'M': v <<= 20; s++; break;
  case 'G': v <<= 30; s++; break;
  case 'T': v <<= 40; s++; break;
  }
  *p = s;
  return v;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: walk-baseline SCRIPT\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "r");
  if (!f) {
    perror(argv[1]);
    return 2;
  }
  static char out[1 << 16];
  setvbuf(stdout, out, _IOFBF, sizeof out);
  uint64_t pages = 0, *private_bits = NULL, *faultable_bits = NULL;
  uint32_t *faultable_per_folio = NULL;
  uint64_t splits = 0, merges = 0;
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  long number = 0;
  while ((n = getline(&line, &cap, f)) > 0) {
    number++;
    if (line[n - 1] == '\n') line[--n] = 0;
    const char *s = line;
    while (*s == ' ') s++;
    if (*s == 0 || *s == '#') continue;
    int to_private = strncmp(s, "private ", 8) == 0;
    int to_shared = strncmp(s, "share ", 6) == 0;
    if (strncmp(s, "gmem ", 5) == 0) {
      const char *p = s + 5;
      pages = parse_number(&p) >> 12;
      private_bits = calloc(pages / 64 + 1, 8);
      faultable_bits = calloc(pages / 64 + 1, 8);
      faultable_per_folio = calloc(pages / 262144 + 1, 4);
    } else if ((to_private || to_shared) && pages) {
      const char *p = s + (to_private ? 8 : 6);
      uint64_t first = parse_number(&p) >> 12, count = 1;
      if (*p == '+') {
        p++;
        count = parse_number(&p) >> 12;
      }
      for (uint64_t g = first; g < first + count && g < pages; g++) {
        uint64_t bit = 1ull << (g & 63);
        int was_faultable = (faultable_bits[g >> 6] & bit) != 0;
        if (to_private) {
          private_bits[g >> 6] |= bit;
          faultable_bits[g >> 6] &= ~bit;
        } else {
          private_bits[g >> 6] &= ~bit;
          faultable_bits[g >> 6] |= bit;
        }
        uint32_t *c = &faultable_per_folio[g >> 18];
        if (to_shared && !was_faultable && (*c)++ == 0) splits++;
        if (to_private && was_faultable && --(*c) == 0) merges++;
      }
    }
    printf("%4ld  %s  \xe2\x86\x92 ok\n", number, s);
  }
  fprintf(stderr, "walk-baseline: %llu splits, %llu merges\n", (unsigned long long)splits,
          (unsigned long long)merges);
  free(line);
  return 0;
}
