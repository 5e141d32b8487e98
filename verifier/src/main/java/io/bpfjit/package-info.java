/**
 * bpfjit's shared base: the classic-BPF program model, its text forms, the verifier and the engine
 * interface.
 *
 * <h2>The machine</h2>
 *
 * <p>Registers {@code A} and {@code X} and scratch words {@code M[0..15]}, all unsigned 32-bit and
 * all 0 at entry. A run sees the packet bytes {@code P[0..caplen)} and a separate {@code wirelen}
 * (what {@code ld #len} loads). Loads are big-endian; compares and division are unsigned;
 * arithmetic wraps at 32 bits. The result is the value of the {@code ret} reached; 0 means reject.
 *
 * <h2>What returns 0 instead of throwing</h2>
 *
 * <ul>
 *   <li>a packet read past {@code caplen}, with offsets computed in 64 bits ({@code X + k} never
 *       wraps to a small offset);
 *   <li>{@code div x} and {@code mod x} with X = 0;
 *   <li>taking more backward jumps than the verified budget (default 8,192).
 * </ul>
 *
 * <p>Shifts by X ≥ 32 give 0; shifts by a constant use {@code k & 31}.
 *
 * <h2>What the verifier rejects</h2>
 *
 * <p>Empty or too-long programs, non-canonical opcodes, jumps past the end, scratch indices ≥ 16,
 * {@code div/mod #0}, and a last instruction that is not a {@code ret}; the STRICT profile also
 * rejects backward jumps, constant shifts ≥ 32, possibly-uninitialised scratch reads and Linux
 * ancillary offsets. Not checked: unused jt/jf/k fields of instructions that ignore them.
 *
 * <h2>Example</h2>
 *
 * <pre>{@code
 * // tcpdump -ddd ip
 * BpfProgram p = BpfProgram.parse("4\n40 0 0 12\n21 0 1 2048\n6 0 0 262144\n6 0 0 0\n");
 * VerifiedProgram v = Verifier.verify(p); // or InvalidProgramException with pc() and reason()
 * // then an engine: BpfInterpreter.of(v) or BpfJit.compile(v), both PacketFilters
 * }</pre>
 */
package io.bpfjit;
