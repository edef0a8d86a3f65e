package dev.mnemosyne.core.model;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A password or other credential. It prints as {@code ******} everywhere (logs, exceptions,
 * {@code toString}); only {@link #reveal()} gives the value, for the one place that must
 * hand it to the system, and never through a process's arguments.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    checkArgument(value != null, "a secret must have a value");
    return new Secret(value);
  }

  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret && secret.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "******";
  }
}
