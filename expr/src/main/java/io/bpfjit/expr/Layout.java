package io.bpfjit.expr;

import io.bpfjit.RawInstruction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Flattens a flow graph into a program the way libpcap's {@code icode_to_fcode} does: blocks are
 * placed by a post-order walk (false successor first, then true) filling the array from its end, so
 * the root lands at 0; a branch whose target is 256 or more instructions away gets a {@code ja}
 * right after it and the layout is redone until every branch fits.
 */
final class Layout {
  private Layout() {}

  private static final class Pass {
    final int[] code;
    final int[] jt;
    final int[] jf;
    final int[] k;
    int tail;
    final int mark;

    Pass(int n, int mark) {
      code = new int[n];
      jt = new int[n];
      jf = new int[n];
      k = new int[n];
      tail = n;
      this.mark = mark;
    }
  }

  static List<RawInstruction> toProgram(Block root) {
    // Fresh blocks have mark 0; each pass uses two new values (count, then convert).
    for (int mark = 1; ; mark += 2) {
      int n = count(root, mark);
      Pass pass = new Pass(n, mark + 1);
      if (convert(root, pass)) {
        List<RawInstruction> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          out.add(new RawInstruction(pass.code[i], pass.jt[i], pass.jf[i], pass.k[i]));
        }
        return out;
      }
    }
  }

  private static int count(Block root, int mark) {
    int n = 0;
    Deque<Block> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      Block p = stack.pop();
      if (p == null || p.mark == mark) {
        continue;
      }
      p.mark = mark;
      n += p.stmts.size() + 1 + p.longJt + p.longJf;
      if (p.jt != null) {
        stack.push(p.jt);
      }
      if (p.jf != null) {
        stack.push(p.jf);
      }
    }
    return n;
  }

  private static boolean convert(Block root, Pass pass) {
    Deque<Block> blocks = new ArrayDeque<>();
    Deque<int[]> states = new ArrayDeque<>();
    blocks.push(root);
    states.push(new int[] {0});
    while (!blocks.isEmpty()) {
      Block p = blocks.peek();
      int[] state = states.peek();
      if (state[0] == 0) {
        if (p.mark == pass.mark) {
          blocks.pop();
          states.pop();
          continue;
        }
        p.mark = pass.mark;
        state[0] = 1;
        if (p.jf != null) {
          blocks.push(p.jf);
          states.push(new int[] {0});
        }
      } else if (state[0] == 1) {
        state[0] = 2;
        if (p.jt != null) {
          blocks.push(p.jt);
          states.push(new int[] {0});
        }
      } else {
        blocks.pop();
        states.pop();
        if (!emit(p, pass)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean emit(Block p, Pass pass) {
    int slen = p.stmts.size();
    pass.tail -= slen + 1 + p.longJt + p.longJf;
    int dst = pass.tail;
    p.offset = dst;
    for (int off = 0; off < slen; off++) {
      Stmt s = p.stmts.get(off);
      pass.code[dst] = s.code;
      pass.k[dst] = s.k;
      // A conditional jump inside the block: its targets are statements of the same block.
      // libpcap leaves the one just before the block's last statement unfilled.
      if ((s.code & 0x07) == Bpf.JMP && s.code != (Bpf.JMP | Bpf.JA) && off != slen - 2) {
        int jt = p.stmts.indexOf(s.jt);
        int jf = p.stmts.indexOf(s.jf);
        if (jt < 0 || jf < 0) {
          throw new IllegalStateException("block-local jump without a destination");
        }
        pass.jt[dst] = jt - off - 1;
        pass.jf[dst] = jf - off - 1;
      }
      dst++;
    }
    pass.code[dst] = p.code;
    pass.k[dst] = p.k;
    if (p.jt != null) {
      int extra = 0;
      long off = (long) p.jt.offset - (p.offset + slen) - 1;
      if (off >= 256) {
        if (p.longJt == 0) {
          p.longJt++;
          return false;
        }
        pass.jt[dst] = extra;
        extra++;
        pass.code[dst + extra] = Bpf.JMP | Bpf.JA;
        pass.k[dst + extra] = (int) (off - extra);
      } else {
        pass.jt[dst] = (int) off;
      }
      off = (long) p.jf.offset - (p.offset + slen) - 1;
      if (off >= 256) {
        if (p.longJf == 0) {
          p.longJf++;
          return false;
        }
        pass.jf[dst] = extra;
        extra++;
        pass.code[dst + extra] = Bpf.JMP | Bpf.JA;
        pass.k[dst + extra] = (int) (off - extra);
      } else {
        pass.jf[dst] = (int) off;
      }
    }
    return true;
  }
}
