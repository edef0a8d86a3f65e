package dev.mnemosyne.adapters.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageSizeTest {
  @TempDir
  Path temp;

  private int of(String smaps) throws IOException {
    Path file = temp.resolve("smaps");
    Files.writeString(file, smaps);
    return PageSize.of(file);
  }

  @Test
  void readsTheKernelPageSizeOfTheFirstMapping() throws IOException {
    String mapping = "55d4c6a00000-55d4c6a02000 r--p 00000000 fe:01 1234 /usr/bin/java\n"
        + "Size:                  8 kB\n"
        + "KernelPageSize:       %d kB\n"
        + "MMUPageSize:          %d kB\n";

    assertThat(of(mapping.formatted(4, 4) + mapping.formatted(2048, 2048))).isEqualTo(4096);
    assertThat(of(mapping.formatted(64, 64))).isEqualTo(65536);
  }

  @Test
  void isZeroWhenTheFileSaysNothingOrIsMissing() throws IOException {
    assertThat(of("")).isZero();
    assertThat(of("KernelPageSize: many kB\n")).isZero();
    assertThat(of("KernelPageSize: 99999999999999999999999 kB\n")).isZero();
    assertThat(PageSize.of(temp.resolve("missing"))).isZero();
  }

  @Test
  void thisMachineHasPagesOfAPowerOfTwoKibibytes() {
    int bytes = PageSize.ofThisProcess();

    assertThat(bytes).isGreaterThanOrEqualTo(4096);
    assertThat(Integer.bitCount(bytes)).isEqualTo(1);
  }
}
