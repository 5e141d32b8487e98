/*
 * libpcap's side of bench/short-job.sh: read a program in tcpdump -ddd form and the first 4,096
 * packets of a capture, then time parsing the program and bpf_filter over the packets five times.
 *   shortjob PROGRAM.bpf CAPTURE.pcap
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PACKETS 4096
#define ROUNDS 5

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: shortjob PROGRAM.bpf CAPTURE.pcap\n");
    return 2;
  }
  char err[PCAP_ERRBUF_SIZE];
  pcap_t *p = pcap_open_offline(argv[2], err);
  if (p == NULL) {
    fprintf(stderr, "shortjob: %s\n", err);
    return 2;
  }
  static u_char *data[PACKETS];
  static struct pcap_pkthdr hdr[PACKETS];
  int n = 0;
  const u_char *bytes;
  struct pcap_pkthdr *h;
  while (n < PACKETS && pcap_next_ex(p, &h, &bytes) == 1) {
    hdr[n] = *h;
    data[n] = malloc(h->caplen);
    memcpy(data[n], bytes, h->caplen);
    n++;
  }
  FILE *f = fopen(argv[1], "r");
  if (f == NULL) {
    perror(argv[1]);
    return 2;
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  rewind(f);
  char *text = malloc(size + 1);
  if (fread(text, 1, size, f) != (size_t)size) {
    perror(argv[1]);
    return 2;
  }
  text[size] = 0;
  fclose(f);

  double start = now_ms();
  char *cursor = text;
  int len = (int)strtol(cursor, &cursor, 10);
  struct bpf_insn *insns = calloc(len, sizeof *insns);
  for (int i = 0; i < len; i++) {
    insns[i].code = (u_short)strtoul(cursor, &cursor, 10);
    insns[i].jt = (u_char)strtoul(cursor, &cursor, 10);
    insns[i].jf = (u_char)strtoul(cursor, &cursor, 10);
    insns[i].k = (bpf_u_int32)strtoul(cursor, &cursor, 10);
  }
  if (!bpf_validate(insns, len)) {
    fprintf(stderr, "shortjob: %s: invalid program\n", argv[1]);
    return 2;
  }
  long matched = 0;
  for (int r = 0; r < ROUNDS; r++) {
    for (int i = 0; i < n; i++) {
      if (bpf_filter(insns, data[i], hdr[i].len, hdr[i].caplen) != 0) {
        matched++;
      }
    }
  }
  printf("libpcap %s %.1f ms %ld matched\n", argv[1], now_ms() - start, matched);
  return 0;
}
