package io.bpfjit.capture;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** An output capture that could not be created or written: names it and says why. */
public final class CaptureWriteException extends IOException {
  private static final long serialVersionUID = 1L;

  CaptureWriteException(String output, IOException cause) {
    super(output + ": cannot write (" + reason(cause) + ")", cause);
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
