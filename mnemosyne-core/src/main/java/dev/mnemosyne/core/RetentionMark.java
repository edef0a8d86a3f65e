package dev.mnemosyne.core;

import java.util.List;

/**
 * What a store's retention policy says of one history stage, were the next rotation to run now:
 * the rules that keep it ({@code daily 1}, {@code weekly 2}, {@code within} …), and whether that
 * rotation drops it (no rule keeps it, or the {@code strategy.stages} cap leaves no room).
 */
public record RetentionMark(List<String> keptBy, boolean droppedAtNextRotation) {
  public RetentionMark {
    keptBy = List.copyOf(keptBy);
  }
}
