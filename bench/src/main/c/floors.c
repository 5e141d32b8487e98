/*
 * The lower bounds behind bench/tcpdump-floors.sh: what any program pays on this machine for the
 * I/O of `filter -w` over a capture in the page cache, with no filter and nothing else.
 *   floors walk CAPTURE.pcap        read(2) in 1 MB chunks, stepping over every record header
 *   floors write OUT BYTES          write BYTES (from one 1 MB buffer) to a new file OUT
 * Prints the milliseconds taken (and the records stepped over).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1 << 20)

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Steps over the records of a little-endian pcap file (as bench-mix.pcap is stored). */
static int walk(const char *path) {
  static unsigned char buf[CHUNK + (256 << 10)];
  double t0 = now_ms();
  int fd = open(path, O_RDONLY);
  if (fd < 0 || read(fd, buf, 24) != 24) {
    perror(path);
    return 2;
  }
  size_t start = 0, end = 0;
  long records = 0, sum = 0;
  for (;;) {
    while (end - start >= 16) {
      uint32_t cap;
      memcpy(&cap, buf + start + 8, 4);
      if (end - start < 16 + (size_t)cap) {
        break;
      }
      sum += buf[start + 16 + (cap > 12 ? 12 : 0)]; /* a byte of the packet, as a filter reads */
      start += 16 + cap;
      records++;
    }
    memmove(buf, buf + start, end - start);
    end -= start;
    start = 0;
    ssize_t r = read(fd, buf + end, CHUNK);
    if (r <= 0) {
      break;
    }
    end += r;
  }
  close(fd);
  printf("walk %.1f ms %ld records (%ld)\n", now_ms() - t0, records, sum & 1);
  return 0;
}

static int write_bytes(const char *path, long total) {
  char *b = malloc(CHUNK);
  memset(b, 7, CHUNK);
  double t0 = now_ms();
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    perror(path);
    return 2;
  }
  for (long done = 0; done < total;) {
    long n = total - done < CHUNK ? total - done : CHUNK;
    if (write(fd, b, n) != n) {
      perror(path);
      return 2;
    }
    done += n;
  }
  close(fd);
  printf("write %.1f ms %ld bytes\n", now_ms() - t0, total);
  free(b);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "walk") == 0) {
    return walk(argv[2]);
  }
  if (argc == 4 && strcmp(argv[1], "write") == 0) {
    return write_bytes(argv[2], atol(argv[3]));
  }
  fprintf(stderr, "usage: floors walk CAPTURE.pcap | floors write OUT BYTES\n");
  return 2;
}
