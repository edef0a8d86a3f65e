package dev.mnemosyne.adapters.linux;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine's memory page size, as the kernel reports it for this process's mappings ({@code
 * KernelPageSize} in {@code /proc/self/smaps}).
 */
final class PageSize {
  static final Path SMAPS = Path.of("/proc/self/smaps");
  private static final Pattern KERNEL_PAGE_SIZE = Pattern.compile("^KernelPageSize:\\s+(\\d+) kB$");

  private PageSize() {}

  /** This machine's page size in bytes, or 0 if it cannot be read. */
  static int ofThisProcess() {
    return of(SMAPS);
  }

  /** The page size that the first mapping of {@code smaps} names, in bytes; 0 without one. */
  static int of(Path smaps) {
    try (BufferedReader lines = Files.newBufferedReader(smaps, StandardCharsets.US_ASCII)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        Matcher m = KERNEL_PAGE_SIZE.matcher(line);
        if (m.matches()) {
          long bytes = Long.parseLong(m.group(1)) * 1024;
          return bytes > 0 && bytes <= Integer.MAX_VALUE ? (int) bytes : 0;
        }
      }
      return 0;
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }
}
