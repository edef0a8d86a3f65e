package dev.mnemosyne.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExcludePatternsTest {
  @Test
  void aNameWithoutSlashMatchesAtAnyDepth() {
    ExcludePatterns patterns = ExcludePatterns.of(List.of("*.tmp"));
    assertThat(patterns.excludes("a.tmp", false)).isTrue();
    assertThat(patterns.excludes("deep/er/a.tmp", false)).isTrue();
    assertThat(patterns.excludes("a.tmpx", false)).isFalse();
  }

  @Test
  void aTrailingSlashMatchesDirectoriesOnly() {
    ExcludePatterns patterns = ExcludePatterns.of(List.of("cache/"));
    assertThat(patterns.excludes("x/cache", true)).isTrue();
    assertThat(patterns.excludes("x/cache", false)).isFalse();
  }

  @Test
  void aLeadingSlashAnchorsAtTheTop() {
    ExcludePatterns patterns = ExcludePatterns.of(List.of("/build"));
    assertThat(patterns.excludes("build", true)).isTrue();
    assertThat(patterns.excludes("sub/build", true)).isFalse();
  }

  @Test
  void aPathPatternMatchesTheEndOfThePathAtADirectoryBoundary() {
    ExcludePatterns patterns = ExcludePatterns.of(List.of("logs/*.log", "**/secret?"));
    assertThat(patterns.excludes("logs/a.log", false)).isTrue();
    assertThat(patterns.excludes("app/logs/a.log", false)).isTrue();
    assertThat(patterns.excludes("applogs/a.log", false)).isFalse();
    assertThat(patterns.excludes("logs/deeper/a.log", false)).isFalse();
    assertThat(patterns.excludes("a/b/secret1", false)).isTrue();
  }
}
