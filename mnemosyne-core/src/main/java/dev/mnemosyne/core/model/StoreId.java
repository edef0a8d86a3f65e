package dev.mnemosyne.core.model;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The host-side name of one store, e.g. {@code backup-btrfs-3f2a9c1e}: readable, safe as a
 * file and device-mapper name, and different for two stores with the same image name on
 * different remotes, so that two stores can be open at once and a crashed run's leftovers
 * can be told from anything else's.
 */
public record StoreId(String value) {
  private static final Pattern SAFE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,47}");

  public StoreId {
    checkArgument(
        value != null && SAFE.matcher(value).matches(), "store id '%s' is not a safe name", value);
  }

  public static StoreId of(Remote remote, String storeName) {
    String readable = storeName
        .toLowerCase(java.util.Locale.ROOT)
        .replaceAll("[^a-z0-9_-]+", "-")
        .replaceAll("^[-_]+", "");
    if (readable.length() > 30) {
      readable = readable.substring(0, 30);
    }
    String hash = Hashing.sha256()
        .hashString(remote.identity() + "\n" + storeName, StandardCharsets.UTF_8)
        .toString()
        .substring(0, 8);
    return new StoreId(readable.isEmpty() ? hash : readable + "-" + hash);
  }

  // equals and hashCode written out, the same as a record's own: those are linked by
  // invokedynamic at their first call, some milliseconds of every command's start.
  @Override
  public boolean equals(Object other) {
    return other instanceof StoreId that && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
