package dev.mnemosyne.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SyncRecordTest {
  private static final Instant AT = Instant.ofEpochSecond(1_732_712_345L);

  @ParameterizedTest
  @EnumSource(SyncRecord.Status.class)
  void roundTripsThroughItsStateFile(SyncRecord.Status status) {
    SyncRecord record = new SyncRecord(status, AT);

    assertThat(SyncRecord.parse(record.format())).isEqualTo(record);
  }

  @Test
  void isOneLine() {
    assertThat(new SyncRecord(SyncRecord.Status.COMPLETE, AT).format())
        .isEqualTo("complete 1732712345\n");
    assertThat(new SyncRecord(SyncRecord.Status.COMPLETE, AT).isComplete()).isTrue();
    assertThat(new SyncRecord(SyncRecord.Status.INCOMPLETE, AT).isComplete()).isFalse();
  }

  @Test
  void readsCaseAndSpacingLeniently() {
    assertThat(SyncRecord.parse("  COMPLETE\t1732712345  \n"))
        .isEqualTo(new SyncRecord(SyncRecord.Status.COMPLETE, AT));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "complete",
        "complete soon",
        "done 1732712345",
        "complete 1.5",
        "complete 99999999999999999999",
        "complete 9223372036854775807"
      })
  void anythingUnreadableCountsAsAnIncompleteSync(String content) {
    assertThat(SyncRecord.parse(content))
        .isEqualTo(new SyncRecord(SyncRecord.Status.INCOMPLETE, Instant.EPOCH));
  }
}
