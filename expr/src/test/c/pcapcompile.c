/*
 * Test oracle for the expr module: compiles filter expressions with the installed libpcap.
 * Reads lines "DLT<TAB>OPTIMIZE<TAB>SAVEFILE<TAB>EXPRESSION" on stdin (SAVEFILE 1: compile for an
 * open capture file, as tcpdump -r does, else for pcap_open_dead) and answers each with one
 * line: "OK n code,jt,jf,k code,jt,jf,k ..." or "ERR message". With "TIME<TAB>DLT<TAB>OPTIMIZE<TAB>N
 * <TAB>EXPRESSION" it compiles the expression N times and answers "TIME nanoseconds-per-compile".
 * Built by the tests with the system C compiler (cc pcapcompile.c -lpcap).
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A handle on an (empty) capture file of this link type: libpcap compiles as for tcpdump -r. */
static pcap_t *open_savefile(int dlt) {
  char path[64];
  snprintf(path, sizeof path, "/tmp/pcapcompile-%d-%d.pcap", (int)getpid(), dlt);
  pcap_t *dead = pcap_open_dead(dlt, 262144);
  pcap_dumper_t *d = pcap_dump_open(dead, path);
  if (!d) return NULL;
  pcap_dump_close(d);
  pcap_close(dead);
  char err[PCAP_ERRBUF_SIZE];
  pcap_t *p = pcap_open_offline(path, err);
  unlink(path);
  return p;
}

static void answer_compile(int dlt, int optimize, int savefile, const char *expr) {
  pcap_t *p = savefile ? open_savefile(dlt) : pcap_open_dead(dlt, 262144);
  if (!p) {
    printf("ERR (oracle) cannot open a savefile of link type %d\n", dlt);
    return;
  }
  struct bpf_program prog;
  if (pcap_compile(p, &prog, expr, optimize, 0) != 0) {
    const char *msg = pcap_geterr(p);
    printf("ERR ");
    for (const char *c = msg; *c; c++) {
      putchar(*c == '\n' ? ' ' : *c);
    }
    putchar('\n');
  } else {
    printf("OK %u", prog.bf_len);
    for (u_int i = 0; i < prog.bf_len; i++) {
      struct bpf_insn *in = &prog.bf_insns[i];
      printf(" %u,%u,%u,%u", in->code, in->jt, in->jf, in->k);
    }
    putchar('\n');
    pcap_freecode(&prog);
  }
  pcap_close(p);
}

static void answer_time(int dlt, int optimize, long n, const char *expr) {
  pcap_t *p = pcap_open_dead(dlt, 262144);
  struct timespec a, b;
  struct bpf_program prog;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (long i = 0; i < n; i++) {
    if (pcap_compile(p, &prog, expr, optimize, 0) == 0) {
      pcap_freecode(&prog);
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  double ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
  printf("TIME %.1f\n", ns / n);
  pcap_close(p);
}

int main(void) {
  static char line[1 << 20];
  setvbuf(stdout, NULL, _IOLBF, 0);
  while (fgets(line, sizeof line, stdin)) {
    size_t len = strlen(line);
    if (len && line[len - 1] == '\n') line[--len] = 0;
    if (strncmp(line, "TIME\t", 5) == 0) {
      char *f[5];
      char *s = line + 5;
      for (int i = 0; i < 3; i++) {
        f[i] = s;
        s = strchr(s, '\t');
        if (!s) return 2;
        *s++ = 0;
      }
      answer_time(atoi(f[0]), atoi(f[1]), atol(f[2]), s);
      continue;
    }
    char *f[3];
    char *s = line;
    for (int i = 0; i < 3; i++) {
      f[i] = s;
      s = strchr(s, '\t');
      if (!s) return 2;
      *s++ = 0;
    }
    answer_compile(atoi(f[0]), atoi(f[1]), atoi(f[2]), s);
  }
  return 0;
}
