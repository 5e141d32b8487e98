package io.bpfjit.bench;

import io.bpfjit.PacketFilter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;

/**
 * The {@code bpfjit-segments} module (packets in {@code java.lang.foreign} memory segments, JDK 22
 * and later) reached through method handles, so that this module still compiles for release 17 and
 * runs on JDK 17 without it. The handles are constants: C2 inlines a call through them as it would
 * a direct call. Ask {@link #available()} before anything else here: the handles (a nested class,
 * initialised on first use) cannot be made where the segments module is absent.
 */
final class SegmentCalls {
  private static final String PACKETS = "io.bpfjit.segments.SegmentPackets";

  private SegmentCalls() {}

  /** True on JDK 22 and later with the segments module on the class path. */
  static boolean available() {
    if (Runtime.version().feature() < 22) {
      return false;
    }
    try {
      Class.forName(PACKETS, false, SegmentCalls.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** The method handles: initialised by the first call that needs them, never by available(). */
  private static final class Handles {

    /** {@code (Object packets, PacketFilter, long offset, int caplen, int wirelen) int}. */
    private static final MethodHandle APPLY;

    /** {@code (long size) Object}: a native segment of an automatic arena. */
    private static final MethodHandle ALLOCATE;

    /** {@code (Object segment) Object}: {@code SegmentPackets.of}. */
    private static final MethodHandle PACKETS_OF;

    /** {@code (Object segment) ByteBuffer}: the segment's byte-buffer view. */
    private static final MethodHandle AS_BUFFER;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
        Class<?> arena = Class.forName("java.lang.foreign.Arena");
        Class<?> packets = Class.forName(PACKETS);
        APPLY =
            lookup
                .findVirtual(
                    packets,
                    "apply",
                    MethodType.methodType(
                        int.class, PacketFilter.class, long.class, int.class, int.class))
                .asType(
                    MethodType.methodType(
                        int.class,
                        Object.class,
                        PacketFilter.class,
                        long.class,
                        int.class,
                        int.class));
        MethodHandle ofAuto = lookup.findStatic(arena, "ofAuto", MethodType.methodType(arena));
        MethodHandle allocate =
            lookup.findVirtual(arena, "allocate", MethodType.methodType(segment, long.class));
        ALLOCATE =
            MethodHandles.foldArguments(allocate, ofAuto)
                .asType(MethodType.methodType(Object.class, long.class));
        PACKETS_OF =
            lookup
                .findStatic(packets, "of", MethodType.methodType(packets, segment))
                .asType(MethodType.methodType(Object.class, Object.class));
        AS_BUFFER =
            lookup
                .findVirtual(segment, "asByteBuffer", MethodType.methodType(ByteBuffer.class))
                .asType(MethodType.methodType(ByteBuffer.class, Object.class));
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  /** A native segment holding a copy of {@code data}. */
  static Object nativeCopy(byte[] data) {
    try {
      Object segment = (Object) Handles.ALLOCATE.invokeExact((long) data.length);
      ByteBuffer view = (ByteBuffer) Handles.AS_BUFFER.invokeExact(segment);
      view.put(data);
      return segment;
    } catch (Throwable e) {
      throw new IllegalStateException("a native segment of " + data.length + " bytes", e);
    }
  }

  /** {@code SegmentPackets.of(segment)}. */
  static Object packets(Object segment) {
    try {
      return (Object) Handles.PACKETS_OF.invokeExact(segment);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /** The segment's byte-buffer view (what {@code SegmentPackets} gives the filter). */
  static ByteBuffer view(Object segment) {
    try {
      return (ByteBuffer) Handles.AS_BUFFER.invokeExact(segment);
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code packets.apply(filter, offset, caplen, wirelen)}. */
  static int apply(Object packets, PacketFilter filter, long offset, int caplen, int wirelen) {
    try {
      return (int) Handles.APPLY.invokeExact(packets, filter, offset, caplen, wirelen);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }
}
